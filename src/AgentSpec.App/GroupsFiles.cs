using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Options;
using AgentSpec.Core;

namespace AgentSpec.App;

/// <summary>
/// Reads groups.yaml files named on the command line the way every file-taking command does: "-" is standard
/// input, a folder or a missing/unreadable file is a usage error (exit 2) that says what to pass instead.
/// Also finds the .editorconfig/.globalconfig files a build would apply to a file (<see cref="OptionsFor"/>).
/// </summary>
internal static class GroupsFiles
{
    public const string DefaultFile = "groups.yaml";
    public const string Stdin = "-";

    public static GroupsFileText Read(CliContext context, string file)
    {
        if (file == Stdin)
        {
            return new GroupsFileText("<stdin>", context.In.ReadToEnd(), null);
        }

        // Checked and read at its absolute path (relative to the invocation's folder); named as given.
        var full = context.FullPath(file);
        if (Directory.Exists(full))
        {
            var inside = Path.Join(file, DefaultFile);
            throw new CliException(
                $"'{file}' is a folder, not a groups.yaml file; pass the file itself" + (File.Exists(Path.Join(full, DefaultFile)) ? $" ('{inside}')" : string.Empty) + ", or '-' to read standard input",
                ExitCodes.Usage);
        }

        if (!File.Exists(full))
        {
            throw new CliException(
                file == DefaultFile
                    ? $"no '{DefaultFile}' in {context.WorkingDirectory}; pass the file to check (agentspec check path/to/groups.yaml) or '-' to read standard input"
                    : $"cannot read '{file}': there is no such file; check the path",
                ExitCodes.Usage);
        }

        var info = new FileInfo(full);
        if (info.Length > GroupsCompiler.MaxFileLength * 4L)
        {
            // Refused before reading into memory; the compiler refuses anything above its own limit anyway (AGS0005).
            throw new CliException($"cannot read '{file}': it is {info.Length:N0} bytes, far above the {GroupsCompiler.MaxFileLength:N0} characters groups.yaml may have", ExitCodes.Usage);
        }

        try
        {
            return new GroupsFileText(file, File.ReadAllText(full), full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{file}': {ex.Message}; check its permissions", ExitCodes.Usage);
        }
    }

    /// <summary>
    /// The compile options `dotnet build` would use for this file: .editorconfig files from its folder upwards until
    /// one says root = true, and every .globalconfig above it (the SDK looks above the project's sources, which for
    /// a host project is the folder of groups.yaml). Standard input gets the options of ./groups.yaml.
    /// </summary>
    public static CompileOptions OptionsFor(CliContext context, GroupsFileText file)
    {
        var path = file.FullPath ?? context.FullPath(DefaultFile);
        var configs = new List<AnalyzerConfigFile>();
        var sawRoot = false;
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (!sawRoot && ReadConfig(dir.FullName, AnalyzerConfig.EditorConfigName) is { } editor)
            {
                configs.Add(editor);
                sawRoot = editor.IsRoot;
            }

            if (ReadConfig(dir.FullName, AnalyzerConfig.GlobalConfigName) is { } global)
            {
                configs.Add(global);
            }
        }

        return AnalyzerConfig.CompileOptionsFor(path, configs);
    }

    /// <summary>Compiles a file with the options a build would apply to it.</summary>
    public static (CompileResult Result, IReadOnlyList<Finding> Findings) Compile(CliContext context, GroupsFileText file, bool warningsAsErrors = false)
    {
        var result = GroupsCompiler.Compile(file.Text);
        var options = OptionsFor(context, file) with { WarningsAsErrors = warningsAsErrors };
        return (result, options.Apply(result.Findings).AsImmutableArray());
    }

    private static AnalyzerConfigFile? ReadConfig(string directory, string name)
    {
        var path = Path.Join(directory, name);
        try
        {
            return File.Exists(path) ? AnalyzerConfig.Parse(File.ReadAllText(path), directory, name) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The build would fail on an unreadable config; so does check, rather than grade findings differently.
            throw new CliException($"cannot read '{path}': {ex.Message}; it may set severities for groups.yaml, so check needs it as the build does", ExitCodes.Usage);
        }
    }
}
