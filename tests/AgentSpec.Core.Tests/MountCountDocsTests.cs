using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AgentSpec.Model;
using Xunit;

namespace AgentSpec.Core.Tests;

/// <summary>
/// Every page that counts the host-managed mounts ("the nine host-managed mounts") says as many as
/// <see cref="HostManagedMounts.Table"/> has, and the table in docs/host-managed-mounts.md lists each of them once.
/// </summary>
public sealed class MountCountDocsTests
{
    private static readonly string[] Numbers =
    {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen",
    };

    [Fact]
    public void Every_count_of_host_managed_mounts_in_the_docs_is_the_tables()
    {
        var files = Directory.GetFiles(Path.Combine(Yaml.RepoRoot, "docs"), "*.md")
            .Append(Path.Combine(Yaml.RepoRoot, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(Yaml.RepoRoot, "src", "AgentSpec.Templates"), "*.md", SearchOption.AllDirectories));
        // "the nine host-managed mounts", "gets nine host-managed mounts", "outside the table's nine": a total, also
        // across a line break.
        var counts = files
            .Select(f => (File: Path.GetRelativePath(Yaml.RepoRoot, f), Text: File.ReadAllText(f)))
            .SelectMany(f => Regex.Matches(f.Text, @"\b(?:(?:the|gets)\s+([a-z]+|\d+)\s+host-managed\s+mounts|the\s+table's\s+([a-z]+|\d+))\b", RegexOptions.IgnoreCase)
                .Select(m => (f.File, Line: f.Text[..m.Index].Count(c => c == '\n') + 1, Word: (m.Groups[1].Success ? m.Groups[1] : m.Groups[2]).Value.ToLowerInvariant())))
            .Where(c => Array.IndexOf(Numbers, c.Word) >= 0 || c.Word.All(char.IsDigit))
            .ToList();

        Assert.Contains(counts, c => c.File == "README.md");
        var expected = HostManagedMounts.Table.Count;
        var wrong = counts.Where(c => (c.Word.All(char.IsDigit) ? int.Parse(c.Word) : Array.IndexOf(Numbers, c.Word)) != expected)
            .Select(c => $"{c.File}:{c.Line}: says {c.Word} host-managed mounts; the table has {Numbers[expected]}");
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_split_into_bind_mounts_and_tmpfs_in_the_docs_is_the_tables()
    {
        var text = File.ReadAllText(Path.Combine(Yaml.RepoRoot, "docs", "host-managed-mounts.md"));
        var split = Regex.Match(text, @"\b([a-z]+) bind mounts and ([a-z]+) tmpfs\b");
        Assert.True(split.Success, "docs/host-managed-mounts.md no longer says how many are bind mounts and how many tmpfs");
        var tmpfs = HostManagedMounts.Table.Count(m => m.Kind == MountKind.Tmpfs);
        Assert.Equal(Numbers[HostManagedMounts.Table.Count - tmpfs], split.Groups[1].Value);
        Assert.Equal(Numbers[tmpfs], split.Groups[2].Value);
    }

    [Fact]
    public void The_docs_table_lists_each_host_managed_mount_once()
    {
        var rows = File.ReadAllLines(Path.Combine(Yaml.RepoRoot, "docs", "host-managed-mounts.md"))
            .SkipWhile(l => !l.StartsWith("| name |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|')[3].Trim().Trim('`'))
            .ToList();
        Assert.Equal(HostManagedMounts.Table.Select(m => m.ContainerPath).OrderBy(p => p, StringComparer.Ordinal), rows.OrderBy(p => p, StringComparer.Ordinal));
    }
}
