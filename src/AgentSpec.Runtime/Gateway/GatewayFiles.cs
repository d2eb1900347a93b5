using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The host side of one gateway run, in <see cref="GatewayPaths"/>: the CA folder (0700, the gateway's user), the
/// run's folder (0700) with policy.json, credentials.json holding only the credentials the plan names (0400, the
/// gateway's user) and the upstream CA copy, and the agent's CA folder (filled once the gateway made its CA).
/// </summary>
internal sealed record GatewayFiles(string RunFolder, string CaFolder, string LogPath)
{
    /// <summary>The host path of the policy file.</summary>
    public string Policy => Path.Join(RunFolder, "policy.json");

    public string Credentials => Path.Join(RunFolder, "credentials.json");

    public string UpstreamCa => Path.Join(RunFolder, "upstream-ca.pem");

    /// <summary>The folder mounted read-only into the agent at <see cref="GatewayPaths.AgentCaFolder"/>.</summary>
    public string AgentCa => Path.Join(RunFolder, "agent-ca");

    /// <summary>
    /// Writes the run's files for <paramref name="spec"/>; <paramref name="upstreamCa"/> is the trusted copy of the operator's upstream CA, if any.
    /// </summary>
    public static GatewayFiles Write(GatewaySpec spec, LaunchSpec launch, byte[]? upstreamCa)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("the egress gateway runs on Linux hosts");
        }

        var user = GatewaySpec.User;
        var files = new GatewayFiles(
            GatewayPaths.Run(spec.Root, launch.ContainerName),
            GatewayPaths.Ca(spec.Root),
            GatewayPaths.Log(spec.Root, launch.GroupId, launch.Session, launch.RunId));
        Folder(spec.Root, null);
        Folder(files.CaFolder, user);
        Folder(Path.GetDirectoryName(files.RunFolder)!, null);
        Directory.CreateDirectory(Path.GetDirectoryName(files.LogPath)!, GroupInit.PrivateDirectoryMode);
        if (Directory.Exists(files.RunFolder))
        {
            Directory.Delete(files.RunFolder, recursive: true);
        }

        Folder(files.RunFolder, null);
        Write(files.Policy, Encoding.UTF8.GetBytes(spec.PolicyJson), 0b100_100_100, user);
        if (spec.Credentials.Count > 0)
        {
            Write(files.Credentials, CredentialsJson(spec.Credentials), 0b100_000_000, user);
        }

        if (upstreamCa is not null)
        {
            Write(files.UpstreamCa, upstreamCa, 0b100_100_100, user);
        }

        return files;
    }

    /// <summary>A run folder holding only the agent's CA folder (network: proxy with the operator's caCertificate); returns that folder.</summary>
    public static string WriteRunCa(string runFolder, byte[] certificatePem)
    {
        Folder(Path.GetDirectoryName(Path.GetDirectoryName(runFolder)!)!, null);
        Folder(Path.GetDirectoryName(runFolder)!, null);
        Folder(runFolder, null);
        var folder = Path.Join(runFolder, "agent-ca");
        WriteAgentCa(folder, certificatePem);
        return folder;
    }

    /// <summary>
    /// Fills <see cref="AgentCa"/>: ca.pem (the CA alone, for NODE_EXTRA_CA_CERTS) and bundle.pem (it and the host's roots, for SSL_CERT_FILE).
    /// </summary>
    public static void WriteAgentCa(string folder, byte[] certificatePem)
    {
        Folder(folder, null, GroupInit.SharedDirectoryMode);
        Write(Path.Join(folder, "ca.pem"), certificatePem, 0b110_100_100, null);
        var roots = File.Exists("/etc/ssl/certs/ca-certificates.crt") ? File.ReadAllBytes("/etc/ssl/certs/ca-certificates.crt") : Array.Empty<byte>();
        Write(Path.Join(folder, "bundle.pem"), roots.Concat(Encoding.ASCII.GetBytes("\n")).Concat(certificatePem).ToArray(), 0b110_100_100, null);
    }

    /// <summary>
    /// The CA certificate the gateway made in <see cref="CaFolder"/> (the one PEM file there holding a certificate), or null while there is none.
    /// </summary>
    public byte[]? CaCertificate()
    {
        if (!Directory.Exists(CaFolder))
        {
            return null;
        }

        foreach (var file in Directory.EnumerateFiles(CaFolder).Order(StringComparer.Ordinal))
        {
            if (HostPaths.IsSymlink(file) || new FileInfo(file).Length > 64 * 1024)
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            var text = Encoding.ASCII.GetString(bytes);
            if (text.StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) && !text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                return bytes;
            }
        }

        return null;
    }

    /// <summary>Removes the run's folder (its credentials among it); never throws.</summary>
    public void RemoveRun()
    {
        try
        {
            Directory.Delete(RunFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static byte[] CredentialsJson(IReadOnlyList<Credential> credentials)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("credentials");
            foreach (var credential in credentials)
            {
                writer.WriteStartObject(credential.Name);
                if (credential.Header is { } header)
                {
                    writer.WriteString("header", header);
                }

                writer.WriteString("value", credential.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void Folder(string path, ContainerUser? owner, UnixFileMode mode = GroupInit.PrivateDirectoryMode)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("the egress gateway runs on Linux hosts");
        }

        if (HostPaths.IsSymlink(path))
        {
            throw new RuntimeError($"{path} is a symbolic link; the gateway's folders in the data root are the host's own. Remove it and run again");
        }

        Directory.CreateDirectory(path, mode);
        File.SetUnixFileMode(path, mode);
        if (owner is not null && HostFiles.EffectiveUid == 0)
        {
            HostFiles.Chown(path, owner.Uid, owner.Gid);
        }
    }

    private static void Write(string path, byte[] content, int mode, ContainerUser? owner)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("the egress gateway runs on Linux hosts");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = (UnixFileMode)mode };
        using (var stream = new FileStream(path, options))
        {
            stream.Write(content);
        }

        if (owner is not null && HostFiles.EffectiveUid == 0)
        {
            HostFiles.Chown(path, owner.Uid, owner.Gid);
        }
    }
}
