using System.Reflection;
using System.Text;

namespace AgentSpec.Packaging.Tests;

/// <summary>
/// The public API of every shipped assembly, written out in PublicAPI.txt next to its project, so a change to it
/// shows in review. AGENTSPEC_UPDATE_PUBLIC_API=1 rewrites the files and still fails, so an update is never a silent pass.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string, string> Assemblies => new()
    {
        { "AgentSpec.Model", "src/AgentSpec.Model/PublicAPI.txt" },
        { "AgentSpec.Runtime", "src/AgentSpec.Runtime/PublicAPI.txt" },
        { "AgentSpec.Kubernetes", "src/AgentSpec.Kubernetes/PublicAPI.txt" },
        { "AgentSpec.App", "src/AgentSpec.App/PublicAPI.txt" },
        { "AgentSpec.Core", "src/AgentSpec.Core/PublicAPI.txt" },
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_API_is_the_one_in_PublicAPI_txt(string assemblyName, string file)
    {
        var actual = Describe(Assembly.Load(assemblyName));
        var path = Path.Join(PackedFeed.RepositoryRoot, file);
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (Environment.GetEnvironmentVariable("AGENTSPEC_UPDATE_PUBLIC_API") == "1" && actual != expected)
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"{file} rewritten; review the change and run the tests again without AGENTSPEC_UPDATE_PUBLIC_API");
        }

        var added = actual.Split('\n').Except(expected.Split('\n')).ToList();
        var removed = expected.Split('\n').Except(actual.Split('\n')).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"The public API of {assemblyName} differs from {file}.\nAdded:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}\n"
            + "If the change is intended, run the tests with AGENTSPEC_UPDATE_PUBLIC_API=1 and commit the file.");
    }

    [Fact]
    public void The_compiler_has_no_public_types()
    {
        Assert.Empty(Assembly.Load("AgentSpec.Core").GetExportedTypes());
    }

    /// <summary>One line per public type and member, sorted: kind, type, member signature.</summary>
    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{Kind(type)} {Name(type)}{BaseList(type)}");
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags))
            {
                if (Describe(member) is { } line)
                {
                    lines.Add($"{Name(type)}.{line}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type type) =>
        type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : "class";

    private static string BaseList(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string? Describe(MemberInfo member) => member switch
    {
        // Accessors, and the compiler's members of records, are covered by their property or are not API.
        MethodInfo { IsSpecialName: true } => null,
        MethodInfo m when m.Name == "<Clone>$" => null,
        MethodInfo m => $"{m.Name}{Generic(m)}({Parameters(m.GetParameters())}) -> {Name(m.ReturnType)}{(m.IsStatic ? " static" : string.Empty)}",
        ConstructorInfo c => $".ctor({Parameters(c.GetParameters())})",
        PropertyInfo p => $"{p.Name} : {Name(p.PropertyType)} {{{(p.GetMethod?.IsPublic == true ? " get;" : string.Empty)}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " init;" : " set;") : string.Empty)} }}",
        FieldInfo f when f.DeclaringType!.IsEnum => f.IsSpecialName ? null : $"{f.Name} = {f.GetRawConstantValue()}",
        FieldInfo f => $"{f.Name} : {Name(f.FieldType)}{(f.IsLiteral ? " const" : f.IsInitOnly ? " readonly" : string.Empty)}{(f.IsStatic && !f.IsLiteral ? " static" : string.Empty)}",
        EventInfo e => $"event {e.Name} : {Name(e.EventHandlerType!)}",
        Type => null,
        _ => member.ToString(),
    };

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(ParameterInfo[] parameters) =>
        string.Join(", ", parameters.Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsGenericParameter ? type.Name : (type.DeclaringType is { } outer ? Name(outer) + "." : type.Namespace + ".") + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        // A type nested in a generic type is generic too, without a `n of its own.
        var tick = name.LastIndexOf('`');
        var builder = new StringBuilder(tick < 0 ? name : name[..tick]);
        builder.Append('<').Append(string.Join(", ", type.GetGenericArguments().Select(Name))).Append('>');
        return builder.ToString();
    }
}
