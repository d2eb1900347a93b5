using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// The gateway's image, made on this host from AgentSpec's own NativeAOT executable and nothing pulled: a root file
/// system of that one file, the shared libraries it loads (what <c>ldd</c> names, plus OpenSSL's libssl and
/// libcrypto, which .NET opens at run time), the host's CA bundle for upstream TLS and an nsswitch.conf, imported
/// through the engine API from a tar stream as <c>docker import</c> does. Tagged <see cref="DefaultTag"/> and
/// labelled with the executable's SHA-256 (<see cref="BinaryLabel"/>), so `doctor` can tell a stale image.
/// </summary>
internal static class GatewayImage
{
    public const string Repository = "agentspec/gateway";

    /// <summary>The label holding the SHA-256 of the executable the image was made from.</summary>
    public const string BinaryLabel = "agentspec.gateway.binary-sha256";

    /// <summary>Where the executable lives in the image.</summary>
    public const string Executable = "/agentspec";

    /// <summary>The environment variable that names the NativeAOT executable to import (tests, and hosts that run agentspec through dotnet).</summary>
    public const string BinaryVariable = "AGENTSPEC_CLI_BINARY";

    private static readonly string[] OpenSsl = { "libssl.so.3", "libcrypto.so.3" };

    private static readonly string[] LibraryFolders =
    {
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib",
            "/usr/lib",
    };

    /// <summary>agentspec/gateway:VERSION, VERSION being this assembly's version (without build metadata).</summary>
    public static string DefaultTag => Repository + ":" + Version;

    /// <summary>This build's version as an image tag allows it.</summary>
    public static string Version =>
        (typeof(GatewayImage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
            .Split('+')[0].Replace('/', '-');

    /// <summary>
    /// The executable to put in the image: <paramref name="explicitPath"/>, else $AGENTSPEC_CLI_BINARY, else this process
    /// when it is the NativeAOT agentspec; null when none is known (then what to run is in <see cref="HowToMake"/>).
    /// </summary>
    public static string? FindExecutable(string? explicitPath, Func<string, string?> environment)
    {
        if (explicitPath is { Length: > 0 })
        {
            return explicitPath;
        }

        if (environment(BinaryVariable) is { Length: > 0 } variable)
        {
            return variable;
        }

        // A NativeAOT process has no managed entry assembly on disk; a JIT one is dotnet (or an apphost beside a dll).
        var self = Environment.ProcessPath;
        return System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported || self is null ? null : self;
    }

    /// <summary>What to run to make the image, for `doctor` and the run's refusal.</summary>
    public static string HowToMake(string tag) =>
        $"make it with `agentspec gateway-image` (the NativeAOT agentspec imports itself as {tag}; with a JIT build, give the published binary: " +
        $"agentspec gateway-image --binary artifacts/agentspec/agentspec, which ./agentspec publishes)";

    /// <summary>Builds the image's root file system from <paramref name="executable"/> and imports it as <paramref name="tag"/>.</summary>
    public static async Task ImportAsync(IContainerEngine engine, string executable, string tag, CancellationToken cancellationToken)
    {
        if (!File.Exists(executable))
        {
            throw new RuntimeError($"cannot make the gateway image: {executable} does not exist; publish the NativeAOT binary with ./agentspec --version, " +
                $"or give its path with --binary or {BinaryVariable}");
        }

        using var tar = new MemoryStream();
        var sha = Build(executable, tar);
        tar.Position = 0;
        var colon = tag.LastIndexOf(':');
        var (repository, version) = colon > tag.LastIndexOf('/') ? (tag.Substring(0, colon), tag.Substring(colon + 1)) : (tag, "latest");
        await engine.ImportImageAsync(tar, repository, version, new[] { $"LABEL {BinaryLabel}={sha}", $"CMD [\"{Executable}\", \"gateway\"]" },
            cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The SHA-256 (hex) of <paramref name="path"/>.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>Writes the root file system of the image into <paramref name="output"/>; returns the executable's SHA-256.</summary>
    internal static string Build(string executable, Stream output)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Executable] = executable };
        foreach (var library in Libraries(executable).Concat(OpenSsl.SelectMany(Find)))
        {
            files[library] = library;
        }

        foreach (var library in files.Values.Where(v => v != executable).ToList().SelectMany(Libraries))
        {
            files[library] = library;
        }

        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var folder in new[] { "/etc", "/etc/ssl", "/etc/ssl/certs", "/tmp", "/var", "/var/lib", "/var/lib/agentspec-gateway" })
            {
                Folder(writer, folders, folder);
            }

            Text(writer, "/etc/nsswitch.conf", "hosts: files dns\n");
            Text(writer, "/etc/passwd", "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
            if (File.Exists("/etc/ssl/certs/ca-certificates.crt"))
            {
                WriteFile(writer, "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt", 0b110_100_100);
            }

            foreach (var (target, source) in files)
            {
                Folder(writer, folders, Path.GetDirectoryName(target)!);
                // Executable like on the host: the kernel opens the dynamic loader for execution.
                WriteFile(writer, target, source, 0b111_101_101);
            }
        }

        return Sha256(executable);
    }

    /// <summary>The absolute paths <c>ldd</c> names for <paramref name="binary"/> (the dynamic loader included).</summary>
    private static IEnumerable<string> Libraries(string binary)
    {
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(binary);
        string text;
        try
        {
            using var process = Process.Start(start)!;
            text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RuntimeError($"cannot make the gateway image: ldd could not run ({e.Message}); install libc-bin", e);
        }

        foreach (var line in text.Split('\n'))
        {
            var words = line.Trim().Split(' ');
            var path = words.Length >= 3 && words[1] == "=>" ? words[2] : words.Length >= 1 && words[0].StartsWith('/') ? words[0] : null;
            if (path is not null && path.StartsWith('/') && System.IO.File.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static IEnumerable<string> Find(string name)
    {
        var found = LibraryFolders.Select(f => Path.Join(f, name)).FirstOrDefault(System.IO.File.Exists);
        return found is null
            ? throw new RuntimeError($"cannot make the gateway image: {name} (OpenSSL, which the gateway's TLS uses) is not on this host; install libssl3")
            : new[] { found };
    }

    private static void Folder(TarWriter writer, HashSet<string> written, string folder)
    {
        if (folder == "/" || written.Contains(folder))
        {
            return;
        }

        Folder(writer, written, Path.GetDirectoryName(folder)!);
        written.Add(folder);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder.TrimStart('/') + "/") { Mode = (UnixFileMode)0b111_101_101 });
    }

    private static void Text(TarWriter writer, string target, string content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, target.TrimStart('/'))
        {
            Mode = (UnixFileMode)0b110_100_100,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        });

    private static void WriteFile(TarWriter writer, string target, string source, int mode)
    {
        // The content of the real file (a library is often a link to its versioned name): the image has no links to resolve.
        using var data = System.IO.File.OpenRead(source);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, target.TrimStart('/')) { Mode = (UnixFileMode)mode, DataStream = data });
    }
}
