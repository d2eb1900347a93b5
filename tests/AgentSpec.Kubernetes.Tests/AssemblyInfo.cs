// The podman tests use Unix file modes and ownership: Linux only, as the runtime tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
