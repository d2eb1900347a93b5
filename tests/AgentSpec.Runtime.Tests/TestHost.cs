using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>A throw-away host layout on real temp dirs: a fake home (with the allowlist) and a data root.</summary>
    public sealed class TestHost : IDisposable
    {
        public const string Image = "agentspec/agent:latest";

        public TestHost()
        {
            Root = Path.Join(Path.GetTempPath(), "agentspec-tests-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Home = Path.Join(Root, "home");
            DataRoot = Path.Join(Root, "data");
            Directory.CreateDirectory(Home);
            Directory.CreateDirectory(DataRoot);

            // The allowlist and data root are trusted only in folders no one else can write, whatever the umask.
            foreach (var dir in new[] { Root, Home, DataRoot })
            {
                File.SetUnixFileMode(dir, SharedMode);
            }
        }

        /// <summary>rwxr-xr-x: what a folder of the operator's own looks like.</summary>
        public const UnixFileMode SharedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        /// <summary>rw-r--r--.</summary>
        public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        public string Root { get; }

        public string Home { get; }

        public string DataRoot { get; }

        public string AllowlistPath => Path.Join(Home, ".config/agentspec/mount-allowlist.json");

        public HostCheckOptions Options(bool downgrade = false) => new(DataRoot) { Home = Home, AllowlistPath = AllowlistPath, AllowReadOnlyDowngrade = downgrade };

        /// <summary>Creates a directory below the fake home and returns its full path.</summary>
        public string HomeDir(string relative) => Directory.CreateDirectory(Path.Join(Home, relative)).FullName;

        public void WriteAllowlist(string json) => WriteAllowlistAt(AllowlistPath, json);

        /// <summary>Writes an allowlist file the operator's way: 0644 in 0755 folders (below <see cref="Root"/>).</summary>
        public void WriteAllowlistAt(string path, string json)
        {
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            for (var d = dir; d.Length > Root.Length && d.StartsWith(Root, StringComparison.Ordinal); d = Path.GetDirectoryName(d)!)
            {
                File.SetUnixFileMode(d, SharedMode);
            }

            File.WriteAllText(path, json);
            File.SetUnixFileMode(path, FileMode);
        }

        /// <summary>Compiles a probe of Probes/ (gcc -static; the image has no libc) into <paramref name="output"/>.</summary>
        public static void BuildProbe(string sourceName, string output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var source = Path.Join(AppContext.BaseDirectory, "Probes", sourceName);
            var info = new System.Diagnostics.ProcessStartInfo("gcc", new[] { "-static", "-no-pie", "-O1", "-o", output, source }) { RedirectStandardError = true, UseShellExecute = false };
            System.Diagnostics.Process? gcc;
            try
            {
                gcc = System.Diagnostics.Process.Start(info);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("This test builds its probe with gcc and static glibc: apt-get install gcc libc6-dev (bash .ci/docker-setup.sh does). " + e.Message, e);
            }

            var errors = gcc!.StandardError.ReadToEnd();
            gcc.WaitForExit();
            Assert.True(gcc.ExitCode == 0, "gcc failed to build the probe (needs gcc and libc6-dev): " + errors);
        }

        /// <summary>Runs a host command (chown, mkfifo) and fails the test when it fails.</summary>
        public static void Sh(string file, params string[] args)
        {
            var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardError = true };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var p = System.Diagnostics.Process.Start(info)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err}");
            }
        }

        /// <summary>An allowlist with ~/projects read-write and ~/notes read-only.</summary>
        public void WriteDefaultAllowlist(bool nonMainReadOnly = true) => WriteAllowlist($$"""
            {
              "allowedRoots": [
                { "path": "~/projects", "allowReadWrite": true, "description": "work" },
                { "path": "~/notes", "allowReadWrite": false, "description": "reference" }
              ],
              "blockedPatterns": ["forbidden"],
              "nonMainReadOnly": {{(nonMainReadOnly ? "true" : "false")}}
            }
            """);

        public static Mount Op(string name, string hostPath, bool readOnly = true) =>
            new(name, hostPath, HostManagedMounts.OperatorMountRoot + "/" + name, readOnly, MountOrigin.Operator);

        public static GroupPlan Plan(string id, bool main = true, params Mount[] mounts) =>
            GroupPlan.Create(id, id.ToUpperInvariant(), id, main, Image, null, Array.Empty<EnvVar>(), mounts);

        public static GroupPlan Plan(string id, IEnumerable<EnvVar> env, bool main, params Mount[] mounts) =>
            GroupPlan.Create(id, id.ToUpperInvariant(), id, main, Image, null, env, mounts);

        /// <summary>The container.json group-init writes for <see cref="Plan(string, bool, Mount[])"/> of a main group, written out.</summary>
        public static string ExpectedContainerJson(string id) =>
            "{\n" +
            $"  \"agentGroupId\": \"{id}\",\n" +
            $"  \"groupName\": \"{id.ToUpperInvariant()}\",\n" +
            $"  \"assistantName\": \"{id.ToUpperInvariant()}\",\n" +
            "  \"mcpServers\": {},\n" +
            "  \"skills\": \"all\",\n" +
            $"  \"folder\": \"{id}\",\n" +
            "  \"main\": true,\n" +
            "  \"image\": \"agentspec/agent:latest\",\n" +
            "  \"note\": \"Written by agentspec group-init before each spawn from the compiled groups.yaml. Mounts come from the plan, not from this file.\"\n" +
            "}\n";

        public string SkillData(string id) => Path.Join(DataRoot, "data/v2-sessions", id, "skill-data");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public static string Describe(IEnumerable<HostCheckError> errors) => string.Join(Environment.NewLine, errors.Select(e => e.Message));
    }
}
