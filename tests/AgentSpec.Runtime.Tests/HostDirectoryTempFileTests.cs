using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The way group-init creates a file on a file system without O_TMPFILE: a named temp (O_CREAT|O_EXCL|O_NOFOLLOW),
    /// written and fchmod-ed through its descriptor, linked without replacing, checked to be the same inode.
    /// </summary>
    public sealed class HostDirectoryTempFileTests : IDisposable
    {
        private readonly TestHost _host = new();
        private readonly PlantTargets _target;

        public HostDirectoryTempFileTests() => _target = PlantTargets.Create(_host);

        public void Dispose() => _host.Dispose();

        private string At(string relative) => Path.Join(_host.DataRoot, relative);

        [Fact]
        public void Without_O_TMPFILE_the_temp_file_way_creates_whole_never_replaces_and_leaves_no_temp()
        {
            var folder = Directory.CreateDirectory(At("plain")).FullName;
            using var root = HostDirectory.OpenRoot(_host.DataRoot);
            using var dir = root.OpenBelow(new[] { "plain" })!;
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

            Assert.True(dir.CreateFileThroughTemp("f.json", Encoding.UTF8.GetBytes("{}\n"), mode));
            Assert.False(dir.CreateFileThroughTemp("f.json", Encoding.UTF8.GetBytes("other\n"), mode));

            Assert.Equal("{}\n", File.ReadAllText(Path.Join(folder, "f.json")));
            Assert.Equal(mode, File.GetUnixFileMode(Path.Join(folder, "f.json")));
            Assert.Equal(new[] { Path.Join(folder, "f.json") }, Directory.GetFileSystemEntries(folder));
        }

        [Fact]
        public async Task Without_O_TMPFILE_a_racer_swapping_the_temp_name_for_links_changes_nothing_outside()
        {
            var folder = Directory.CreateDirectory(At("raced")).FullName;
            using var root = HostDirectory.OpenRoot(_host.DataRoot);
            using var dir = root.OpenBelow(new[] { "raced" })!;
            using var stop = new CancellationTokenSource();
            var swaps = 0;
            var racer = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (var temp in Directory.EnumerateFiles(folder, ".f.init-*"))
                    {
                        try
                        {
                            File.Delete(temp);
                            File.CreateSymbolicLink(temp, _target.File);
                            swaps++;
                        }
                        catch (IOException)
                        {
                        }
                    }
                }
            });
            var refusals = new List<string>();
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    dir.CreateFileThroughTemp("f", Encoding.UTF8.GetBytes("x\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                catch (RuntimeError e)
                {
                    refusals.Add(e.Message);
                }

                File.Delete(Path.Join(folder, "f"));
                _target.AssertUntouched($"after create {i + 1}");
            }

            stop.Cancel();
            await racer;
            Assert.All(refusals, PlantTargets.AssertClearRefusal);
            _target.AssertUntouched("after the race");
        }
    }
}
