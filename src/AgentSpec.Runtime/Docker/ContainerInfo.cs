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

/// <summary>A container of this installation, as listed by <see cref="DockerLauncher.ListAsync"/>.</summary>
internal sealed record ContainerInfo(string Id, string Name, string GroupId, string RunId, string Image, string State, string Status, DateTime Created)
{
    /// <summary>The group session (the agentspec.session label; "default" for containers started before sessions had a label).</summary>
    public string Session { get; init; } = HostManagedMounts.DefaultSession;

    /// <summary>Running, or about to run: what holds a group session.</summary>
    public bool IsActive => State is "running" or "created" or "restarting" or "paused";
}
