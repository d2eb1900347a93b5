using System;
using System.IO;
using System.Linq;

namespace AgentSpec.Generators;

/// <summary>The compiled groups file's path relative to the project folder, with '/', as the build records it.</summary>
internal static class SourcePath
{
    /// <summary>"groups.yaml", "../../ops.yaml"; the file name alone when the project folder is unknown (no package targets).</summary>
    public static string Relative(string? projectDirectory, string file)
    {
        if (projectDirectory is null || !Path.IsPathRooted(file) || !Path.IsPathRooted(projectDirectory))
        {
            return Path.GetFileName(file);
        }

        // Path.GetRelativePath is not in netstandard2.0: common leading segments, then '..' for each one left.
        var from = Segments(projectDirectory);
        var to = Segments(file);
        var common = 0;
        while (common < from.Length && common < to.Length - 1 && string.Equals(from[common], to[common], StringComparison.Ordinal))
        {
            common++;
        }

        return string.Join("/", Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)));
    }

    private static string[] Segments(string path) =>
        Path.GetFullPath(path).Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
}
