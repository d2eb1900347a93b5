using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace AgentSpec.Runtime;

/// <summary>
/// The seccomp profile every container runs with: Docker's own default profile (docker-default.json, unchanged
/// from moby, Apache-2.0; see Seccomp/README.md) with one narrowing. No call may give a file a set-user-ID or
/// set-group-ID mode: chmod, fchmod and fchmodat are allowed only when (mode &amp; 06000) == 0; creat, mknod and
/// mknodat too; open and openat when they create nothing (no O_CREAT/O_TMPFILE) or create without those bits.
/// The calls that carry a mode seccomp cannot see (openat2's struct, io_uring's queue) and fchmodat2 fail with
/// ENOSYS, so libc falls back to the filtered calls. Nothing of Docker's default is widened: the narrowed
/// names are taken out of every upstream rule before the conditional rules are added.
/// </summary>
internal static class SeccompProfile
{
    /// <summary>S_ISUID | S_ISGID.</summary>
    public const long SetIdBits = 0x800 | 0x400;

    /// <summary>O_CREAT | __O_TMPFILE (x86-64 and arm64 values; the profile's archMap lists those two families).</summary>
    public const long CreateFlags = 0x40 | 0x400000;

    public const int ENOSYS = 38;

    /// <summary>A short description for plan and audit.</summary>
    public const string Description = "Docker default profile, plus: no setuid/setgid modes (chmod, fchmod, fchmodat, creat, open, openat, mknod, mknodat), and fchmodat2, openat2 and io_uring refused (ENOSYS)";

    /// <summary>Each narrowed call and the index of its mode argument.</summary>
    public static IReadOnlyDictionary<string, int> ModeArgument { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["chmod"] = 1,
        ["fchmod"] = 1,
        ["fchmodat"] = 2,
        ["creat"] = 1,
        ["mknod"] = 1,
        ["mknodat"] = 2,
        ["open"] = 2,
        ["openat"] = 3,
    };

    /// <summary>The index of the flags argument of the calls that create only with O_CREAT or O_TMPFILE.</summary>
    public static IReadOnlyDictionary<string, int> FlagsArgument { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["open"] = 1,
        ["openat"] = 2,
    };

    /// <summary>Calls refused with ENOSYS: their mode is out of seccomp's sight, or (fchmodat2) libc has a filtered fallback.</summary>
    public static IReadOnlyList<string> Refused { get; } = new[] { "fchmodat2", "openat2", "io_uring_setup", "io_uring_enter", "io_uring_register" };

    private static readonly Lazy<string> Json = new(() => Build().ToJsonString());

    /// <summary>The profile as compact JSON, as the engine takes it in SecurityOpt "seccomp=&lt;json&gt;".</summary>
    public static string JsonText => Json.Value;

    /// <summary>Docker's default profile as shipped by moby (the embedded resource, unchanged).</summary>
    public static JsonObject LoadDockerDefault()
    {
        using var stream = typeof(SeccompProfile).Assembly.GetManifestResourceStream("AgentSpec.Runtime.Seccomp.docker-default.json")
            ?? throw new InvalidOperationException("The seccomp profile resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return JsonNode.Parse(reader.ReadToEnd())!.AsObject();
    }

    /// <summary>Docker's default profile with the narrowing described on the class.</summary>
    public static JsonObject Build()
    {
        var profile = LoadDockerDefault();
        var syscalls = profile["syscalls"]!.AsArray();
        var narrowed = new HashSet<string>(ModeArgument.Keys.Concat(Refused), StringComparer.Ordinal);
        foreach (var rule in syscalls.Select(r => r!.AsObject()))
        {
            var names = rule["names"]!.AsArray();
            var kept = names.Select(n => n!.GetValue<string>()).Where(n => !narrowed.Contains(n)).ToList();
            if (kept.Count != names.Count)
            {
                rule["names"] = new JsonArray(kept.Select(n => (JsonNode)JsonValue.Create(n)).ToArray());
            }
        }

        foreach (var (name, index) in ModeArgument)
        {
            syscalls.Add((JsonNode)AllowWhenClear(name, index, SetIdBits));
        }

        foreach (var (name, index) in FlagsArgument)
        {
            syscalls.Add((JsonNode)AllowWhenClear(name, index, CreateFlags));
        }

        // JsonNode, not the generic Add<T>: that one may serialise arbitrary types with reflection (not AOT-safe).
        syscalls.Add((JsonNode)new JsonObject
        {
            ["names"] = new JsonArray(Refused.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["action"] = "SCMP_ACT_ERRNO",
            ["errnoRet"] = ENOSYS,
            ["comment"] = "agentspec: a mode seccomp cannot inspect; libc falls back to the filtered calls",
        });
        return profile;
    }

    /// <summary>Allow <paramref name="name"/> when (argument &amp; mask) == 0. Docker's format: "value" is the mask, "valueTwo" the datum.</summary>
    private static JsonObject AllowWhenClear(string name, int index, long mask) => new()
    {
        ["names"] = new JsonArray(JsonValue.Create(name)),
        ["action"] = "SCMP_ACT_ALLOW",
        ["args"] = new JsonArray(new JsonObject
        {
            ["index"] = index,
            ["value"] = mask,
            ["valueTwo"] = 0,
            ["op"] = "SCMP_CMP_MASKED_EQ",
        }),
        ["comment"] = "agentspec: no setuid/setgid file modes",
    };
}
