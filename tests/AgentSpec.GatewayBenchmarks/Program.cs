// The gateway benchmark: median added latency per HTTPS request (tunnelled and intercepted) and throughput of a 100 MB
// download, direct vs through agentspec's egress gateway, between the same two loopback endpoints, in one run.
//   dotnet run -c Release -- [--smoke] [--out FILE]
// While profiling: --throughput-only (no latency rounds), --downloads N, --only direct|tunnelled|intercepted; each download
// prints its MiB/s and the process's CPU ms per MiB on stderr. A partial run never writes --out.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AgentSpec.GatewayBenchmarks;
using AgentSpec.Model;
using AgentSpec.Runtime;

var smoke = args.Contains("--smoke");
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
var loadBefore = LoadAverage();
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 ? args[outIndex + 1] : null;
int? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
var warmRequests = smoke ? 40 : 3000;
var coldRequests = smoke ? 8 : 300;
var downloads = Option("--downloads") ?? (smoke ? 1 : 7);
var onlyThroughput = args.Contains("--throughput-only");
if (onlyThroughput)
{
    warmRequests = coldRequests = 0;
}
const long DownloadBytes = 100L * 1024 * 1024;
const string Tunnel = "tunnel.bench.test";
const string Intercepted = "cred.bench.test";

using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var caRequest = new CertificateRequest("CN=bench CA", caKey, HashAlgorithmName.SHA256);
caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var leafRequest = new CertificateRequest("CN=" + Tunnel, leafKey, HashAlgorithmName.SHA256);
var san = new SubjectAlternativeNameBuilder();
san.AddDnsName(Tunnel);
san.AddDnsName(Intercepted);
leafRequest.CertificateExtensions.Add(san.Build());
leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
using var issued = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
using var leaf = issued.CopyWithPrivateKey(leafKey);

await using var upstream = new BenchUpstream(leaf);
var network = new BenchNetwork(upstream.Port);
var caDir = Directory.CreateTempSubdirectory("agentspec-gateway-bench-").FullName;
var policy = new GatewayPolicy("bench", "default", [new EgressRule(Tunnel, 443, null), new EgressRule(Intercepted, 443, "bench")]);
var credentials = CredentialFile.Parse(Encoding.UTF8.GetBytes("""{"credentials":{"bench":{"header":"x-api-key","value":"bench-secret"}}}"""), "bench", "bench");
var gateway = EgressGateway.Start(
    policy,
    new GatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Resolver = network, Connector = network, UpstreamTrust = [ca], OwnAddresses = [] },
    TextWriter.Null,
    false,
    credentials,
    GatewayCertificateAuthority.LoadOrCreate(caDir));
using var gatewayCa = X509CertificateLoader.LoadCertificateFromFile(Path.Join(caDir, GatewayCertificateAuthority.CertificateFile));

HttpClient Client(string mode, bool pooled)
{
    var handler = new SocketsHttpHandler { PooledConnectionLifetime = pooled ? Timeout.InfiniteTimeSpan : TimeSpan.Zero };
    var trust = mode == "intercepted" ? gatewayCa : ca;
    handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    };
    if (mode == "direct")
    {
        handler.ConnectCallback = async (_, token) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, upstream.Port), token);
            return new NetworkStream(socket, ownsSocket: true);
        };
    }
    else
    {
        handler.Proxy = new WebProxy($"http://127.0.0.1:{gateway.Endpoint.Port}");
        handler.UseProxy = true;
    }

    return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
}

string Url(string mode, string path) => $"https://{(mode == "intercepted" ? Intercepted : Tunnel)}{path}";

string[] modes = ["direct", "tunnelled", "intercepted"];
var onlyMode = Array.IndexOf(args, "--only") is var o and >= 0 ? args[o + 1] : null;
var latency = modes.ToDictionary(m => m, _ => new List<double>());
var cold = modes.ToDictionary(m => m, _ => new List<double>());
var throughput = modes.ToDictionary(m => m, _ => new List<double>());
var cpu = modes.ToDictionary(m => m, _ => new List<double>());
var clients = modes.ToDictionary(m => m, m => Client(m, pooled: true));
var coldClients = modes.ToDictionary(m => m, m => Client(m, pooled: false));

foreach (var mode in modes)
{
    for (var i = 0; i < 50; i++)
    {
        await clients[mode].GetByteArrayAsync(Url(mode, "/small"));
    }
}

// Rounds alternate the modes so drift of the shared machine falls on all three alike.
const int Round = 100;
for (var done = 0; done < warmRequests; done += Round)
{
    foreach (var mode in modes)
    {
        for (var i = 0; i < Math.Min(Round, warmRequests - done); i++)
        {
            var clock = Stopwatch.StartNew();
            await clients[mode].GetByteArrayAsync(Url(mode, "/small"));
            latency[mode].Add(clock.Elapsed.TotalMilliseconds);
        }
    }
}

for (var i = 0; i < coldRequests; i++)
{
    foreach (var mode in modes)
    {
        var clock = Stopwatch.StartNew();
        await coldClients[mode].GetByteArrayAsync(Url(mode, "/small"));
        cold[mode].Add(clock.Elapsed.TotalMilliseconds);
    }
}

var buffer = new byte[256 * 1024];
for (var i = 0; i < downloads; i++)
{
    foreach (var mode in modes.Where(m => onlyMode is null || m == onlyMode))
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var response = await clients[mode].GetAsync(Url(mode, "/big/" + DownloadBytes), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        if (total != DownloadBytes)
        {
            throw new InvalidOperationException($"{mode}: {total} bytes, not {DownloadBytes}");
        }

        throughput[mode].Add(DownloadBytes / 1048576.0 / clock.Elapsed.TotalSeconds);
        cpu[mode].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (DownloadBytes / 1048576.0));
        Console.Error.WriteLine($"{mode}: {throughput[mode][^1]:F0} MiB/s, {cpu[mode][^1]:F2} ms CPU per MiB");
    }
}

await gateway.DisposeAsync();
Directory.Delete(caDir, recursive: true);

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    if (sorted.Length == 0)
    {
        return double.NaN;
    }

    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string F(double value, int digits = 3) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

var report = new StringBuilder();
report.AppendLine("# Performance: the egress gateway");
report.AppendLine();
report.AppendLine($"Written by `tests/run-benchmarks.sh` (tests/AgentSpec.GatewayBenchmarks) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, "
    + $"{Environment.ProcessorCount} cores, .NET {Environment.Version}{(smoke ? ", **smoke run: one iteration, not figures**" : string.Empty)}.");
report.AppendLine();
report.AppendLine($"Load average (1, 5, 15 min) at the start: {loadBefore}; at the end: {LoadAverage()}. On a busy machine the ratios to the floor");
report.AppendLine("measured in the same run are the figures to read, not the absolute MiB/s.");
report.AppendLine();
report.AppendLine("Method. One process holds an HTTPS upstream on loopback (TcpListener + SslStream, HTTP/1.1 keep-alive, a CA the");
report.AppendLine("benchmark makes) and `agentspec gateway`'s own code (`EgressGateway`) on another loopback port. The same HttpClient");
report.AppendLine("(SocketsHttpHandler) reaches the same upstream three ways: **direct** (the floor: a TCP connection straight to the");
report.AppendLine("upstream, TLS with the same server name), **tunnelled** (CONNECT through the gateway, which checks the name, the");
report.AppendLine("address and the ClientHello's SNI, then copies bytes) and **intercepted** (a destination with a credential: the");
report.AppendLine("gateway ends TLS with its own CA, rewrites each request's credential header and forwards over a second TLS");
report.AppendLine("connection). Modes alternate in rounds so drift falls on all three. The floor is measured in the same run. Figures are");
report.AppendLine("reported, never asserted. Goal (issue 19): at most 1 ms added median latency per HTTPS request, at least 80 % of direct throughput.");
report.AppendLine();
report.AppendLine($"| per HTTPS request | direct (floor) | tunnelled | added | intercepted | added | n |");
report.AppendLine("|---|---|---|---|---|---|---|");
void Row(string what, Dictionary<string, List<double>> data)
{
    var floor = Median(data["direct"]);
    var t = Median(data["tunnelled"]);
    var c = Median(data["intercepted"]);
    report.AppendLine($"| {what} | {F(floor)} ms | {F(t)} ms | {F(t - floor)} ms | {F(c)} ms | {F(c - floor)} ms | {data["direct"].Count} |");
}

if (!onlyThroughput)
{
    Row("kept-alive connection (median)", latency);
    Row("new connection each request: CONNECT, TLS (median)", cold);
}

report.AppendLine();
report.AppendLine("| 100 MB download | direct (floor) | tunnelled | of direct | intercepted | of direct | n |");
report.AppendLine("|---|---|---|---|---|---|---|");
var floorMbs = Median(throughput["direct"]);
var tunnelMbs = Median(throughput["tunnelled"]);
var interceptMbs = Median(throughput["intercepted"]);
report.AppendLine($"| median MiB/s | {F(floorMbs, 0)} | {F(tunnelMbs, 0)} | {F(100 * tunnelMbs / floorMbs, 0)} % | {F(interceptMbs, 0)} | {F(100 * interceptMbs / floorMbs, 0)} % | {downloads} |");
report.AppendLine();
report.AppendLine("Notes. The client, the gateway and the upstream share the machine's cores (here with other work), as a gateway beside");
report.AppendLine("its agents does; a separate gateway host adds its network round trip. An intercepted download is decrypted and");
report.AppendLine("encrypted once more, so it costs more CPU than a tunnel; a new connection through the gateway adds the CONNECT");
report.AppendLine("round trip and, intercepted, a second TLS handshake (the upstream's) and the first use of a leaf certificate.");
report.AppendLine();
report.AppendLine("Intercepted, the gateway's cost is mostly plumbing, not AES-GCM (about 0.25 ms per MiB per pass). Counted with `strace -c -f`");
report.AppendLine("over two intercepted downloads (200 MiB, one process: client, gateway and upstream), the gateway used to add about two");
report.AppendLine("receive calls per TLS record (SslStream reads the 5-byte header, then the body) and one send per record: 53,940 recvfrom");
report.AppendLine("and 20,159 sendto against 27,002 and 7,288 direct. A `ReadAheadStream` under each SslStream (64 KiB reads), a");
report.AppendLine("`CoalescingWriteStream` (the records of one write in one send, at the flush that follows every write) and a `StreamPump`");
report.AppendLine("that gathers the reads that complete at once into one write brought that to 31,213 recvfrom and 13,255 sendto.");

Console.Write(report.ToString());
if (output is not null && !smoke && !onlyThroughput && onlyMode is null)
{
    File.WriteAllText(output, report.ToString());
}
