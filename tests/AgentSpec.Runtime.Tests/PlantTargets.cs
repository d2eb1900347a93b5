using System;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// What an attacker points its links at: a root-owned 0644 file and a 0755 folder OUTSIDE the data root (think
    /// /etc/passwd, /usr/bin). Group-init acting through a link would change their mode or owner (or the file's content).
    /// </summary>
    public sealed class PlantTargets
    {
        private const string Content = "a host file group-init must never touch\n";

        private readonly EntryFacts _file;
        private readonly EntryFacts _folder;

        private PlantTargets(string file, string folder)
        {
            File = file;
            Folder = folder;
            _file = HostFiles.Lstat(file)!.Value;
            _folder = HostFiles.Lstat(folder)!.Value;
        }

        public string File { get; }

        public string Folder { get; }

        public static PlantTargets Create(TestHost host)
        {
            var outside = Path.Join(host.Root, "outside");
            var folder = Path.Join(outside, "host-folder");
            Directory.CreateDirectory(folder);
            System.IO.File.SetUnixFileMode(outside, TestHost.SharedMode);
            System.IO.File.SetUnixFileMode(folder, TestHost.SharedMode);
            var file = Path.Join(outside, "host-file");
            System.IO.File.WriteAllText(file, Content);
            System.IO.File.SetUnixFileMode(file, TestHost.FileMode);
            return new PlantTargets(file, folder);
        }

        /// <summary>Same type, owner, mode and content as when created; the folder still empty.</summary>
        public void AssertUntouched(string when)
        {
            var file = HostFiles.Lstat(File)!.Value;
            var folder = HostFiles.Lstat(Folder)!.Value;
            Assert.True((file.Kind, file.Uid, file.Gid, file.Mode) == (_file.Kind, _file.Uid, _file.Gid, _file.Mode), $"{when}: the host file {File} changed: {Describe(_file)} became {Describe(file)}");
            Assert.True((folder.Kind, folder.Uid, folder.Gid, folder.Mode) == (_folder.Kind, _folder.Uid, _folder.Gid, _folder.Mode), $"{when}: the host folder {Folder} changed: {Describe(_folder)} became {Describe(folder)}");
            Assert.Equal(Content, System.IO.File.ReadAllText(File));
            Assert.Empty(Directory.GetFileSystemEntries(Folder));
        }

        /// <summary>A refusal of group-init under attack: says what and where, no exception text.</summary>
        public static void AssertClearRefusal(string message)
        {
            Assert.Matches("^group-init: [^']*'/[^']+'", message); // names the path
            Assert.True(new[] { "is a symbolic link", "is racing group-init", "disappeared while group-init" }.Any(message.Contains), message);
            Assert.DoesNotContain("   at ", message);
            Assert.DoesNotContain("Exception", message);
        }

        private static string Describe(EntryFacts f) => $"{f.Kind} {f.Uid}:{f.Gid} {f.Octal}";
    }
}
