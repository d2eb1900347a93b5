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
    /// What the agent writes (the session folder, groups/&lt;folder&gt;/, skill-data, .claude-shared and its
    /// defaults) belongs to the container user, private (0700/0600): run as root, init hands over what it created
    /// or what root owns; otherwise the container user must be the invoking user. The read-only sources stay
    /// the operator's, readable by the container user and not writable by it.
    /// </summary>
    internal static class GroupInit
    {
        /// <summary>Per-group data directories: only the invoking user may enter them.</summary>
        public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        /// <summary>Shared directories (groups/global, container/*) and intermediate folders.</summary>
        public const UnixFileMode SharedDirectoryMode = PrivateDirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        /// <summary>container.json: the operator's, mounted read-only; the container user reads it whoever owns it.</summary>
        public const UnixFileMode ReadOnlyFileMode = PrivateFileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        /// <summary>The default Claude settings of a new group.</summary>
        public const string DefaultClaudeSettings = """
            {
              "env": {
                "CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD": "1",
                "CLAUDE_CODE_DISABLE_AUTO_MEMORY": "0"
              }
            }

            """;

        /// <summary>Initializes one group below <paramref name="dataRoot"/> for the container user <paramref name="user"/> (default: the plan's, else the host default).</summary>
        public static InitReport Init(GroupPlan plan, string dataRoot, string session = HostManagedMounts.DefaultSession, ContainerUser? user = null)
        {
            SessionGuard.Ensure(session, plan.Id); // before anything is created: the name becomes a folder
            var owner = user ?? ContainerSecurity.ResolveUser(plan);
            var root = Path.GetFullPath(dataRoot).TrimEnd('/');
            var created = new List<InitEntry>();
            DataRootCheck.EnsureTrusted(root); // never create inside (or use) folders someone else can change
            Directory.CreateDirectory(root);

            string Source(string name) => HostManagedMounts.Resolve(HostManagedMounts.Named(name)!.HostSource, root, plan.Id, plan.Folder, session);

            var groupData = HostManagedMounts.Resolve(HostManagedMounts.GroupDataTemplate, root, plan.Id, plan.Folder, session);
            EnsureDirectory(root, groupData, PrivateDirectoryMode, created);
            EnsureDirectory(root, Source("agent"), PrivateDirectoryMode, created);
            // Only binds have a host source (a tmpfs is made by the engine for each run). A declared skill's folder is the
            // operator's: init creates nothing there, and the host check refuses the spawn when one is missing.
            var sourced = plan.Mounts.HostManaged.Where(m => !m.IsTmpfs && !SkillMounts.IsSkill(m)).ToList();
            foreach (var mount in sourced)
            {
                var path = HostManagedMounts.Resolve(mount.HostSource, root, plan.Id, plan.Folder, session);
                if (HostManagedMounts.IsFileSource(mount))
                {
                    EnsureFile(root, path, ContainerJson(plan), created, ReadOnlyFileMode);
                }
                else
                {
                    EnsureDirectory(root, path, HostPaths.IsSameOrUnder(path, groupData) || mount.Name == "agent" ? PrivateDirectoryMode : SharedDirectoryMode, created);
                }
            }

            var claude = Source(".claude");
            EnsureFile(root, Path.Join(claude, "settings.json"), DefaultClaudeSettings, created, PrivateFileMode);
            EnsureDirectory(root, Path.Join(claude, "skills"), PrivateDirectoryMode, created);

            var writable = sourced.Where(m => !m.ReadOnly).Select(m => m.Name)
                .Select(Source)
                .Concat(new[] { Path.Join(claude, "settings.json"), Path.Join(claude, "skills") });
            foreach (var path in writable)
            {
                HandOver(path, owner, plan.Id);
            }

            foreach (var mount in sourced.Where(m => m.ReadOnly).Concat(plan.Mounts.HostManaged.Where(SkillMounts.IsSkill)))
            {
                EnsureReadable(HostManagedMounts.Resolve(mount.HostSource, root, plan.Id, plan.Folder, session), owner, plan.Id);
            }

            return new InitReport(plan.Id, created);
        }

        /// <summary>
        /// Makes <paramref name="path"/> the container user's. As root, init gives it what root owns (what it just
        /// created, or an older init made); a path another user owns is refused, never taken: its contents may be
        /// theirs. lchown never follows a link, and a file with a second hard link is refused (the other name could
        /// be anywhere on the host).
        /// </summary>
        private static void HandOver(string path, ContainerUser user, string groupId)
        {
            if (HostFiles.Lstat(path) is not { } stat)
            {
                return; // Not Linux: ownership is the engine VM's business there.
            }

            if (stat.Uid == user.Uid)
            {
                return;
            }

            if (HostFiles.IsRoot && stat.Uid == 0 && (stat.IsDirectory || stat.LinkCount == 1))
            {
                HostFiles.Chown(path, user.Uid, user.Gid);
                return;
            }

            var fix = HostFiles.IsRoot
                ? $"if it is this group's data, give it to the container user: chown -R {user} '{path}'; or set user: in groups.yaml to its owner"
                : $"run agentspec as root so group-init can hand it over, or run it as uid {user.Uid}, or set user: \"{stat.Uid}:{stat.Gid}\" for group '{groupId}' in groups.yaml";
            throw new RuntimeError($"group-init: '{path}' belongs to uid {stat.Uid}{(stat.LinkCount > 1 && !stat.IsDirectory ? $" and has {stat.LinkCount} hard links" : string.Empty)}, but group '{groupId}' runs as {user} and must own what it writes; {fix}");
        }

        /// <summary>A read-only source the container user cannot read would fail inside the agent; say so now.</summary>
        private static void EnsureReadable(string path, ContainerUser user, string groupId)
        {
            if (HostFiles.Lstat(path) is { } stat && !stat.ReadableBy(user.Uid, user.Gid))
            {
                throw new RuntimeError($"group-init: group '{groupId}' runs as {user}, which cannot read '{path}' (owner {stat.Uid}:{stat.Gid}, mode {Convert.ToString((int)stat.Mode, 8)}); make it readable, e.g. chmod {(stat.IsDirectory ? "755" : "644")} '{path}'");
            }
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

        /// <summary>
        /// Ancestors inside a group's data folder (data/v2-sessions/&lt;id&gt;/...) are private too, and so is groups/:
        /// groups/&lt;folder&gt;/ belongs to the container user, and the default 1000:1000 can be a real local user of the
        /// host, who must not reach the agent's working folder. Only the engine (root) needs to traverse it.
        /// </summary>
        private static bool IsPrivateAncestor(string root, string path)
        {
            var parts = HostPaths.Split(Path.GetRelativePath(root, path));
            return (parts.Length >= 3 && parts[0] == "data" && parts[1] == "v2-sessions") || (parts.Length == 1 && parts[0] == "groups");
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

        private static void EnsureFile(string root, string path, string content, List<InitEntry> created, UnixFileMode mode)
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
                    options.UnixCreateMode = mode;
                }

                using (var stream = new FileStream(temp, options))
                {
                    stream.Write(Encoding.UTF8.GetBytes(content));
                    stream.Flush(flushToDisk: true);
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, mode); // past the umask
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
