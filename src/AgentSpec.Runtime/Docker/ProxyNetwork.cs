using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerMount = Docker.DotNet.Models.Mount;

namespace AgentSpec.Runtime;

/// <summary>The network of one proxy-mode run: AgentSpec created it, the proxy is connected to it at <see cref="ProxyAddress"/>.</summary>
internal sealed record ProxyNetwork(string Id, string Name, string ProxyContainerId, string ProxyAddress, int Port)
{
    /// <summary>The proxy URL set in HTTPS_PROXY and HTTP_PROXY: its address on this network, so no name lookup is needed.</summary>
    /// <summary>
    /// A host folder with ca.pem and bundle.pem that the agent gets read-only at <see cref="GatewayPaths.AgentCaFolder"/>, with the
    /// CA variables set (the gateway's CA when it intercepts, or the operator proxy's caCertificate); null: none.
    /// </summary>
    public string? CaFolder { get; init; }

    public string Url => $"http://{ProxyAddress}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
