using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime
{
    /// <summary>What group-init created: a directory or a file, by absolute path.</summary>
    public sealed record InitEntry(string Path, bool IsDirectory)
    {
        public override string ToString() => IsDirectory ? Path + "/" : Path;
    }

    /// <summary>What group-init created for one group; empty on a second run.</summary>
    public sealed record InitReport(string GroupId, IReadOnlyList<InitEntry> Created)
    {
        public bool CreatedAnything => Created.Count > 0;
    }

    /// <summary>
    /// Group-init: creates the host sources of every host-managed mount of a plan below the data root, plus the
    /// defaults a group starts with. Idempotent and safe to run concurrently: it never overwrites or deletes
    /// anything, creates files whole (temp file + create-new link), and refuses symlinks below the data root.
    /// </summary>
    public static class GroupInit
    {
        /// <summary>Per-group data directories: only the invoking user may enter them.</summary>
        public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        /// <summary>Shared directories (groups/global, container/*) and intermediate folders.</summary>
        public const UnixFileMode SharedDirectoryMode = PrivateDirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        /// <summary>The default Claude settings of a new group.</summary>
        public const string DefaultClaudeSettings = """
            {
              "env": {
                "CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD": "1",
                "CLAUDE_CODE_DISABLE_AUTO_MEMORY": "0"
              }
            }

            """;

        /// <summary>Initializes one group below <paramref name="dataRoot"/>.</summary>
        public static InitReport Init(GroupPlan plan, string dataRoot, string session = HostManagedMounts.DefaultSession)
        {
            var root = Path.GetFullPath(dataRoot).TrimEnd('/');
            var created = new List<InitEntry>();
            DataRootCheck.EnsureTrusted(root); // never create inside (or use) folders someone else can change
            Directory.CreateDirectory(root);

            string Source(string name) => HostManagedMounts.Resolve(HostManagedMounts.Named(name)!.HostSource, root, plan.Id, plan.Folder, session);

            var groupData = HostManagedMounts.Resolve(HostManagedMounts.GroupDataTemplate, root, plan.Id, plan.Folder, session);
            EnsureDirectory(root, groupData, PrivateDirectoryMode, created);
            EnsureDirectory(root, Source("agent"), PrivateDirectoryMode, created);
            foreach (var mount in plan.Mounts.HostManaged)
            {
                var path = HostManagedMounts.Resolve(mount.HostSource, root, plan.Id, plan.Folder, session);
                if (HostManagedMounts.IsFileSource(mount))
                {
                    EnsureFile(root, path, ContainerJson(plan), created);
                }
                else
                {
                    EnsureDirectory(root, path, HostPaths.IsSameOrUnder(path, groupData) || mount.Name == "agent" ? PrivateDirectoryMode : SharedDirectoryMode, created);
                }
            }

            var claude = Source(".claude");
            EnsureFile(root, Path.Join(claude, "settings.json"), DefaultClaudeSettings, created);
            EnsureDirectory(root, Path.Join(claude, "skills"), PrivateDirectoryMode, created);
            return new InitReport(plan.Id, created);
        }

        /// <summary>Initializes every plan (in order) and returns one report per plan.</summary>
        public static IReadOnlyList<InitReport> InitMany(IEnumerable<GroupPlan> plans, string dataRoot, string session = HostManagedMounts.DefaultSession) =>
            plans.Select(p => Init(p, dataRoot, session)).ToList();

        /// <summary>The small container.json describing a group (written only when missing).</summary>
        public static string ContainerJson(GroupPlan plan)
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                PlanJson.WriteIdentity(w, plan);
                w.WriteString("note", "Written once by agentspec group-init. Mounts come from the compiled groups.yaml, not from this file.");
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        /// <summary>Creates every missing directory from <paramref name="root"/> down to <paramref name="path"/>; refuses symlinks and files on the way.</summary>
        private static void EnsureDirectory(string root, string path, UnixFileMode leafMode, List<InitEntry> created)
        {
            var relative = Path.GetRelativePath(root, path);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                throw new RuntimeError($"group-init: '{path}' is not below the data root '{root}'");
            }

            var current = root;
            var parts = HostPaths.Split(relative).Where(p => p != ".").ToArray();
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Join(current, parts[i]);
                var mode = i == parts.Length - 1 ? leafMode : (IsPrivateAncestor(root, current) ? PrivateDirectoryMode : SharedDirectoryMode);
                RefuseSymlink(current);
                if (Directory.Exists(current))
                {
                    continue;
                }

                if (File.Exists(current))
                {
                    throw new RuntimeError($"group-init: '{current}' is a file but must be a directory; move the file away and run again");
                }

                if (TryMakeDirectory(current, mode))
                {
                    created.Add(new InitEntry(current, IsDirectory: true));
                }
            }
        }

        /// <summary>Ancestors inside a group's data folder (data/v2-sessions/&lt;id&gt;/...) are private too.</summary>
        private static bool IsPrivateAncestor(string root, string path)
        {
            var parts = HostPaths.Split(Path.GetRelativePath(root, path));
            return parts.Length >= 3 && parts[0] == "data" && parts[1] == "v2-sessions";
        }

        /// <summary>mkdir(2) with create-new semantics: true only for the caller that actually created it, so
        /// of several concurrent inits exactly one reports each directory. The mode is fixed up past the umask.</summary>
        private static bool TryMakeDirectory(string path, UnixFileMode mode)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new RuntimeError("group-init runs on Linux or macOS hosts; Windows is not supported");
            }

            if (NativeMethods.mkdir(path, (uint)mode) == 0)
            {
                File.SetUnixFileMode(path, mode);
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EEXIST && Directory.Exists(path) && !HostPaths.IsSymlink(path))
            {
                return false;
            }

            throw new RuntimeError($"group-init: cannot create directory '{path}' (errno {errno}); check that the data root is writable");
        }

        private static void EnsureFile(string root, string path, string content, List<InitEntry> created)
        {
            var dir = Path.GetDirectoryName(path)!;
            EnsureDirectory(root, dir, PrivateDirectoryMode, created);
            RefuseSymlink(path);
            if (File.Exists(path))
            {
                return;
            }

            if (Directory.Exists(path))
            {
                throw new RuntimeError($"group-init: '{path}' is a directory but must be a file; move it away and run again");
            }

            var temp = Path.Join(dir, "." + Path.GetFileName(path) + ".init-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = PrivateFileMode;
                }

                using (var stream = new FileStream(temp, options))
                {
                    stream.Write(Encoding.UTF8.GetBytes(content));
                    stream.Flush(flushToDisk: true);
                }

                // Move without overwrite links the whole file in place; it fails if another init got there first.
                File.Move(temp, path, overwrite: false);
                created.Add(new InitEntry(path, IsDirectory: false));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another init created it first: keep theirs.
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        private static void RefuseSymlink(string path)
        {
            if (HostPaths.IsSymlink(path))
            {
                throw new RuntimeError($"group-init: '{path}' is a symbolic link; host-managed folders must be real folders below the data root. Remove the link and run again");
            }
        }
    }

    internal static class NativeMethods
    {
        public const int EEXIST = 17;

        [DllImport("libc", SetLastError = true)]
        public static extern int mkdir(string path, uint mode);
    }
}
