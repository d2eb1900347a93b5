using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

internal static class NativeMethods
{
    public const int EEXIST = 17;

    [DllImport("libc", SetLastError = true)]
    public static extern int mkdir(string path, uint mode);
}
