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
    public string Url => $"http://{ProxyAddress}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
