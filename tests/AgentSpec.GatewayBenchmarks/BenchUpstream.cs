using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AgentSpec.GatewayBenchmarks;

/// <summary>The upstream: TLS on loopback, HTTP/1.1 keep-alive; /small answers 2 bytes, /big a body of the asked size.</summary>
internal sealed class BenchUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _block = new byte[256 * 1024];
    private readonly Task _loop;

    public BenchUpstream(X509Certificate2 certificate)
    {
        _certificate = certificate;
        Random.Shared.NextBytes(_block);
        _listener.Start();
        _loop = Loop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopped.
        }
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                });
                var reader = new StreamReader(tls, Encoding.Latin1);
                while (await reader.ReadLineAsync() is { Length: > 0 } line)
                {
                    while (await reader.ReadLineAsync() is { Length: > 0 })
                    {
                    }

                    var path = line.Split(' ')[1];
                    long size = path.StartsWith("/big/", StringComparison.Ordinal) ? long.Parse(path.Substring(5)) : 2;
                    await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n"));
                    for (var left = size; left > 0; left -= Math.Min(left, _block.Length))
                    {
                        await tls.WriteAsync(_block.AsMemory(0, (int)Math.Min(left, _block.Length)));
                    }

                    await tls.FlushAsync();
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away.
            }
        }
    }
}
