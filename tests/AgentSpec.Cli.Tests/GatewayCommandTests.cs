using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// `agentspec gateway`: argument errors exit 2 and file errors exit 1, each with a message that says what to write,
/// before anything listens; a real gateway process serves, logs and stops on SIGTERM.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GatewayCommandTests : IDisposable
{
    private const string Policy = """{"group":"main","session":"default","destinations":[{"host":"api.example.test","port":443}]}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("agentspec-gateway-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Join(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Theory]
    [InlineData(new[] { "gateway", "--listen", "127.0.0.1:0" }, "--policy")]
    [InlineData(new[] { "gateway", "--policy", "p.json" }, "--listen")]
    [InlineData(new[] { "gateway", "--policy", "p.json", "--listen", "localhost:3128" }, "--listen 'localhost:3128' is not ADDRESS:PORT")]
    [InlineData(new[] { "gateway", "--policy", "p.json", "--listen", "127.0.0.1:99999" }, "is not ADDRESS:PORT")]
    [InlineData(new[] { "gateway", "--policy", "p.json", "--listen", "127.0.0.1:0", "--log-format", "xml" }, "xml")]
    [InlineData(new[] { "gateway", "--policy", "p.json", "--listen", "127.0.0.1:0", "--upstream-ca", "nope.pem" }, "--upstream-ca")]
    public async Task Argument_errors_exit_2_naming_the_option(string[] args, string message)
    {
        var result = await Cli.RunAsync(args, workingDirectory: _dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task A_missing_or_malformed_policy_exits_1_saying_what_is_wrong()
    {
        var missing = await Cli.RunAsync(["gateway", "--policy", "nope.json", "--listen", "127.0.0.1:0"], workingDirectory: _dir);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"cannot read the gateway policy {Path.Join(_dir, "nope.json")}: there is no such file", missing.Stderr);
        Assert.Contains("The gateway did not start.", missing.Stderr);

        Write("bad.json", """{"group":"main","session":"default","destinations":[{"host":"*","port":0,"extra":1}]}""");
        var bad = await Cli.RunAsync(["gateway", "--policy", "bad.json", "--listen", "127.0.0.1:0"], workingDirectory: _dir);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("destinations[0] has the unknown key 'extra'", bad.Stderr);
        Assert.Contains("destinations[0].host must be", bad.Stderr);
        Assert.Contains("destinations[0].port must be a whole number from 1 to 65535", bad.Stderr);
    }

    [Fact]
    public async Task A_credential_the_file_lacks_stops_the_start_naming_the_credential_and_the_file()
    {
        Write("policy.json", """{"group":"main","session":"default","destinations":[{"host":"api.anthropic.com","port":443,"credential":"anthropic"}]}""");
        var credentials = Write("credentials.json", """{ "credentials": { "github": { "header": "Authorization", "value": "Bearer ghp_x" } } }""");
        var result = await Cli.RunAsync(
            ["gateway", "--policy", "policy.json", "--credentials", "credentials.json", "--ca-dir", "ca", "--listen", "127.0.0.1:0"], workingDirectory: _dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"credential 'anthropic' is not in {credentials}", result.Stderr);
        Assert.DoesNotContain("ghp_x", result.Stderr + result.Stdout);

        var none = await Cli.RunAsync(["gateway", "--policy", "policy.json", "--ca-dir", "ca", "--listen", "127.0.0.1:0"], workingDirectory: _dir);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no credentials file was given; pass --credentials FILE", none.Stderr);
    }

    [Fact]
    public async Task A_credentials_file_others_can_read_is_refused()
    {
        Write("policy.json", Policy);
        Write("credentials.json", """{ "credentials": {} }""", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = await Cli.RunAsync(["gateway", "--policy", "policy.json", "--credentials", "credentials.json", "--listen", "127.0.0.1:0"], workingDirectory: _dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("run chmod 600", result.Stderr);
    }

    [Fact]
    public async Task The_gateway_process_serves_refuses_an_undeclared_host_logs_it_and_stops_on_sigterm()
    {
        var policy = Write("policy.json", Policy);
        var port = FreePort();
        var running = Cli.Start(["gateway", "--policy", policy, "--listen", $"127.0.0.1:{port}", "--log-format", "json"]);
        using var client = await Connect(port);
        using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("CONNECT evil.test:443 HTTP/1.1\r\nHost: evil.test\r\n\r\n"));
        var answer = new byte[4096];
        var n = await stream.ReadAsync(answer);
        Assert.StartsWith("HTTP/1.1 403", Encoding.ASCII.GetString(answer, 0, n));
        client.Close();
        await Task.Delay(200);
        using (var kill = Process.Start("kill", ["-TERM", running.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var result = await running.Completion;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"decision\":\"refused\"", result.Stdout);
        Assert.Contains("\"destination\":\"evil.test:443\"", result.Stdout);
        Assert.Contains("\"notice\":\"stopped\"", result.Stdout);
        Assert.Contains("SIGTERM: stopping the gateway", result.Stderr);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<TcpClient> Connect(int port)
    {
        for (var i = 0; ; i++)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (i < 200)
            {
                client.Dispose();
                await Task.Delay(100);
            }
        }
    }
}
