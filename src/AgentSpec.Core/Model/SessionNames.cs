using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Model;

/// <summary>
/// The one rule for session names. A session name becomes a folder next to the group's skill-data and
/// .claude-shared (data/v2-sessions/&lt;id&gt;/&lt;session&gt;/, mounted read-write at /workspace), a container label and
/// part of the container name, so it must be a safe single folder name that can never be one of the group data
/// folder's other children: letters, digits, '.', '_' and '-', starting with a letter or digit, at most
/// <see cref="MaxLength"/> characters, and not (in any case) a name the group data folder already uses for
/// something else. Names starting with '.' (lock files, .claude-shared) are refused by the first-character rule.
/// </summary>
internal static class SessionNames
{
    public const int MaxLength = 64;

    /// <summary>What a valid name looks like, for refusals.</summary>
    public const string Shape = "a session name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. default, chat-2, review_main)";

    /// <summary>
    /// The other children of a group's data folder (from <see cref="HostManagedMounts.Table"/>: skill-data,
    /// .claude-shared): a session called so would mount the group's shared data as its /workspace.
    /// </summary>
    public static IReadOnlyList<string> Reserved { get; } = HostManagedMounts.Table
        .Where(m => m.HostSource.StartsWith(HostManagedMounts.GroupDataTemplate + "/", StringComparison.Ordinal))
        .Select(m => m.HostSource.Substring(HostManagedMounts.GroupDataTemplate.Length + 1))
        .Where(child => child != HostManagedMounts.SessionToken && child.IndexOf('/') < 0)
        .ToArray();

    public static bool IsValid(string? name) => Refusal(name) is null;

    /// <summary>Why <paramref name="name"/> is not a valid session name, or null when it is.</summary>
    public static string? Refusal(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"the session name is empty; {Shape}";
        }

        var shown = Show(name!);
        if (name!.Length > MaxLength)
        {
            return $"the session name '{Show(name.Substring(0, 20))}…' is {name.Length} characters long; {Shape}";
        }

        if (!IsAsciiLetterOrDigit(name[0]))
        {
            return $"the session name '{shown}' does not start with a letter or digit; {Shape}";
        }

        foreach (var c in name)
        {
            if (!IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return $"the session name '{shown}' contains '{Show(c.ToString())}'; {Shape}";
            }
        }

        // Case-insensitive: on a case-insensitive file system 'Skill-Data' is the skill-data folder.
        if (Reserved.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            return $"the session name '{shown}' is reserved: '{reserved}' is the group's own data folder shared by all its sessions, never a session's /workspace; {Shape}";
        }

        return null;
    }

    private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    /// <summary>Control characters shown, not written to the operator's terminal.</summary>
    private static string Show(string text) =>
        string.Concat(text.Select(c => c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || char.IsSurrogate(c) || (c >= 0x2000 && c <= 0x206f) ? $"\\u{(int)c:x4}" : c.ToString()));
}
