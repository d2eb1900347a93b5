using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// An agent image with a modern TLS client, made on this host with nothing pulled: the host's curl (OpenSSL 3), every
    /// library <c>ldd</c> names for it, busybox-static with its applets (the shell and tools of agentspec/agent:latest, see
    /// .ci/docker-setup.sh), the node user (uid 1000) and the agent image's folders, imported as
    /// agentspec/agent-curl:test-HASH, HASH covering every file put in, so a changed curl or library gets its own image.
    /// No CA store is put in: curl trusts only what the host hands the agent ($SSL_CERT_FILE) or what a test names.
    /// A missing prerequisite FAILS the tests, saying what to install.
    /// </summary>
    public sealed class TlsClientImageFixture : IAsyncLifetime
    {
        public const string Curl = "/usr/bin/curl";

        public const string Busybox = "/bin/busybox";

        private const string Repository = "agentspec/agent-curl";

        // Bump when what goes into the image changes in a way the inputs' content does not show.
        private const string Recipe = "agent-curl v1";

        private const string Install = "install them with `apt-get install -y curl busybox-static` (bash .ci/docker-setup.sh does)";

        public string Tag { get; private set; } = string.Empty;

        public string? Problem { get; private set; }

        public async Task InitializeAsync()
        {
            foreach (var needed in new[] { Curl, Busybox })
            {
                if (!File.Exists(needed))
                {
                    Problem = $"the TLS client engine tests build their agent image from the host's {Curl} and {Busybox}, and {needed} is missing: {Install}";
                    return;
                }
            }

            SortedDictionary<string, string> files;
            string[] applets;
            try
            {
                files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Curl] = Curl, [Busybox] = Busybox };
                foreach (var library in Libraries(Curl))
                {
                    files[library] = library;
                }

                applets = Run(Busybox, "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(a => a != "busybox").Order(StringComparer.Ordinal).ToArray();
            }
            catch (InvalidOperationException e)
            {
                Problem = e.Message;
                return;
            }

            Tag = Repository + ":test-" + Hash(files, applets).Substring(0, 12);
            using var client = new DockerClientBuilder().WithEndpoint(new Uri(DockerLauncher.DefaultEndpointFromEnvironment)).Build();
            try
            {
                await client.Images.InspectImageAsync(Tag);
                return;
            }
            catch (DockerImageNotFoundException)
            {
                // Not made yet on this engine.
            }

            using var tar = new MemoryStream();
            Write(tar, files, applets);
            tar.Position = 0;
            var colon = Tag.LastIndexOf(':');
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters
                {
                    FromSrc = "-", Repo = Tag.Substring(0, colon), Tag = Tag.Substring(colon + 1),
                    Changes = new List<string> { "ENV PATH=/usr/bin:/bin", "CMD [\"sh\"]" },
                },
                tar,
                null!,
                new Progress<JSONMessage>());
        }

        public void Require()
        {
            if (Problem is not null)
            {
                Assert.Fail(Problem);
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private static string Hash(SortedDictionary<string, string> files, string[] applets)
        {
            var text = new StringBuilder(Recipe).Append('\n');
            foreach (var (target, source) in files)
            {
                using var stream = File.OpenRead(source);
                text.Append(target).Append(' ').Append(Convert.ToHexString(SHA256.HashData(stream))).Append('\n');
            }

            text.AppendJoin(' ', applets);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
        }

        private static void Write(Stream output, SortedDictionary<string, string> files, string[] applets)
        {
            using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var folder in new[] { "/bin", "/usr/bin", "/workspace", "/home/node", "/app", "/etc", "/proc", "/sys", "/dev" })
            {
                Folder(writer, folders, folder, 0b111_101_101);
            }

            Folder(writer, folders, "/tmp", 0b1_111_111_111);
            Text(writer, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n");
            Text(writer, "/etc/group", "root:x:0:\nnode:x:1000:\n");
            Text(writer, "/etc/nsswitch.conf", "hosts: files dns\n");
            foreach (var (target, source) in files)
            {
                Folder(writer, folders, Path.GetDirectoryName(target)!, 0b111_101_101);
                // The content of the real file (a library is often a link to its versioned name): the image needs no links for them.
                using var data = File.OpenRead(source);
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, target.TrimStart('/')) { Mode = (UnixFileMode)0b111_101_101, DataStream = data });
            }

            foreach (var applet in applets.Where(a => !files.ContainsKey("/bin/" + a)))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = (UnixFileMode)0b111_111_111 });
            }
        }

        private static void Folder(TarWriter writer, HashSet<string> written, string folder, int mode)
        {
            if (folder == "/" || !written.Add(folder))
            {
                return;
            }

            Folder(writer, written, Path.GetDirectoryName(folder)!, 0b111_101_101);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder.TrimStart('/') + "/") { Mode = (UnixFileMode)mode });
        }

        private static void Text(TarWriter writer, string target, string content) =>
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, target.TrimStart('/'))
            {
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            });

        /// <summary>The absolute paths <c>ldd</c> names for <paramref name="binary"/>, the dynamic loader included.</summary>
        private static IEnumerable<string> Libraries(string binary)
        {
            var found = new List<string>();
            foreach (var line in Run("ldd", binary).Split('\n'))
            {
                var words = line.Trim().Split(' ');
                if (words.Length >= 3 && words[1] == "=>" && words[2] == "not")
                {
                    throw new InvalidOperationException($"{binary} needs {words[0]}, which this host lacks (ldd: {line.Trim()}): reinstall curl (apt-get install -y curl)");
                }

                var path = words.Length >= 3 && words[1] == "=>" ? words[2] : words[0].StartsWith('/') ? words[0] : null;
                if (path is not null && path.StartsWith('/') && File.Exists(path))
                {
                    found.Add(path);
                }
            }

            return found.Count > 0 ? found : throw new InvalidOperationException($"ldd named no library for {binary}; is it a dynamically linked curl?");
        }

        private static string Run(string program, string argument)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(argument);
            try
            {
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                return output;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"{program} could not run ({e.Message}); install libc-bin and busybox-static", e);
            }
        }
    }
}
