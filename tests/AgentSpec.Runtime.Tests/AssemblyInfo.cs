// The runtime targets Linux hosts (Docker over a unix socket, POSIX modes); so do its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
