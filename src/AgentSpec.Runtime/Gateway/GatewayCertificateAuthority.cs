using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentSpec.Runtime;

/// <summary>
/// The host-issued CA with which the gateway terminates an agent's TLS for a destination with a credential: made
/// once in the CA folder (ca.key at 0600 in a 0700 folder, ca.crt beside it) and reused; the agent is given only
/// ca.crt. Leaf certificates (one per server name, short-lived, kept in memory) are issued on first use.
/// </summary>
internal sealed class GatewayCertificateAuthority : IDisposable
{
    public const string CertificateFile = "ca.crt";
    public const string KeyFile = "ca.key";

    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(7);

    private readonly X509Certificate2 _ca;
    private readonly ConcurrentDictionary<string, (SslStreamCertificateContext Context, DateTimeOffset Expires)> _leaves = new(StringComparer.Ordinal);

    private GatewayCertificateAuthority(X509Certificate2 ca, string certificatePath)
    {
        _ca = ca;
        CertificatePath = certificatePath;
    }

    /// <summary>The CA certificate (PEM) to hand to agents.</summary>
    public string CertificatePath { get; }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate => _ca;

    /// <summary>
    /// Loads the CA from <paramref name="folder"/>, creating it there (0700) when absent. A key file that is not a
    /// regular file of this user with mode 0600 (or stricter) is refused with a <see cref="RuntimeError"/>.
    /// </summary>
    public static GatewayCertificateAuthority LoadOrCreate(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("the gateway's CA needs Linux file modes; run the gateway on Linux");
        }

        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var keyPath = Path.Join(full, KeyFile);
        var certPath = Path.Join(full, CertificateFile);
        if (!File.Exists(keyPath) && !File.Exists(certPath))
        {
            Create(keyPath, certPath);
        }

        CheckKey(keyPath);
        try
        {
            var ca = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (!ca.HasPrivateKey || ca.NotAfter < DateTime.Now.AddDays(8))
            {
                throw new RuntimeError($"the gateway CA in {full} has no usable key or expires within 8 days; " +
                    $"move {KeyFile} and {CertificateFile} away and start the gateway again to make a new one");
            }

            return new GatewayCertificateAuthority(ca, certPath);
        }
        catch (CryptographicException)
        {
            throw new RuntimeError($"the gateway CA in {full} cannot be read ({CertificateFile} and {KeyFile} must be the PEM pair the gateway wrote); " +
                "move them away to make a new one");
        }
    }

    /// <summary>The certificate (with the CA in its chain) the gateway presents for <paramref name="serverName"/>.</summary>
    public SslStreamCertificateContext For(string serverName)
    {
        var now = DateTimeOffset.UtcNow;
        if (_leaves.TryGetValue(serverName, out var cached) && cached.Expires > now.AddDays(1))
        {
            return cached.Context;
        }

        // RSA leaves: every TLS client speaks RSA, not every one ECDSA (busybox wget and ssl_client, small embedded stacks).
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedName("CN=" + serverName.Replace(",", string.Empty).Replace("=", string.Empty));
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(serverName, out var ip))
        {
            names.AddIpAddress(ip);
        }
        else
        {
            names.AddDnsName(serverName);
        }

        request.CertificateExtensions.Add(names.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var expires = now.Add(LeafLifetime);
        // An RSA leaf under the ECDSA CA: signed through the CA key's generator (Create(issuer) wants one key algorithm).
        using var caKey = _ca.GetECDsaPrivateKey()!;
        using var issued = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), expires,
            RandomNumberGenerator.GetBytes(16));
        var leaf = issued.CopyWithPrivateKey(key);
        var chain = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(_ca.RawData));
        var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        _leaves[serverName] = (context, expires);
        return context;
    }

    public void Dispose() => _ca.Dispose();

    private static void Create(string keyPath, string certPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=AgentSpec egress gateway CA, O=AgentSpec"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(keyPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(certPath, ca.ExportCertificatePem() + "\n");
    }

    private static void CheckKey(string keyPath)
    {
        var trust = FileTrust.Check(keyPath, EntryKind.RegularFile);
        if (!trust.Exists)
        {
            throw new RuntimeError($"the gateway CA key {keyPath} is missing while {CertificateFile} is there; move {CertificateFile} away to make a new CA");
        }

        if (!trust.Trusted || trust.Facts is not { } facts || (facts.Mode & 0x3F) != 0)
        {
            throw new RuntimeError($"the gateway CA key {keyPath} must be a file only you can read and write (mode 0600) in folders only you can change; " +
                "whoever can read it can impersonate every destination with a credential to the agents. " +
                "Fix its mode (chmod 600) or move it away to make a new CA");
        }
    }
}
