using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AgentSpec.Kubernetes;

/// <summary>
/// One JSON document as block-style YAML with the same data: objects as mappings (keys in the JSON's order), arrays as
/// sequences, numbers and booleans plain, and every string a string again when read back — quoted whenever its plain
/// form would read as something else (null, a boolean, a number, YAML syntax). Written with YamlDotNet's emitter
/// only (no serializer, no reflection).
/// </summary>
internal static partial class JsonYaml
{
    /// <summary>The YAML text of <paramref name="json"/>, without a document marker, ending without a newline.</summary>
    public static string FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var output = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(output, bestIndent: 2, bestWidth: int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Write(emitter, document.RootElement);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return output.ToString().TrimEnd('\n');
    }

    private static void Write(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    String(emitter, property.Name);
                    Write(emitter, property.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                // An empty list stays a list ([]), as the API wrote it.
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                String(emitter, element.GetString()!);
                break;
            case JsonValueKind.Number:
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                emitter.Emit(new Scalar(null, null, element.ValueKind == JsonValueKind.True ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    /// <summary>A string scalar: plain when that reads back as the same string, else double-quoted (multi-line text included).</summary>
    private static void String(IEmitter emitter, string value)
    {
        var style = value.Length == 0 || value.Contains('\n') || NotAPlainString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: style == ScalarStyle.Any, isQuotedImplicit: true));
    }

    // What a YAML 1.1 or 1.2 reader resolves to a null, boolean or number (Kubernetes' readers use both), so such a
    // string is quoted; anything else the emitter itself quotes when its syntax needs it.
    [GeneratedRegex(@"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*)(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|<<|=)$")]
    private static partial Regex NotAPlainString();
}
