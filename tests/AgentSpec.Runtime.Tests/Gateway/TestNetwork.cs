using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The test's own resolver and network: names map to the addresses the test says (one answer per lookup, in turn,
    /// to play a rebinding DNS), and a connection to a TEST-NET address goes to the loopback port the test routes it
    /// to. Records every lookup and every address the gateway connected to.
    /// </summary>
    internal sealed class TestNetwork : IHostResolver, IUpstreamConnector
    {
        private readonly ConcurrentDictionary<string, Queue<IPAddress[]>> _names = new();
        private readonly ConcurrentDictionary<IPEndPoint, int> _routes = new();

        public ConcurrentQueue<string> Lookups { get; } = new();

        public ConcurrentQueue<IPEndPoint> Connected { get; } = new();

        /// <summary>Every lookup of <paramref name="name"/> answers <paramref name="addresses"/>.</summary>
        public TestNetwork Map(string name, params string[] addresses) => Answers(name, addresses.Select(IPAddress.Parse).ToArray());

        /// <summary>Lookups of <paramref name="name"/> answer these in turn, the last one from then on.</summary>
        public TestNetwork Answers(string name, params IPAddress[][] answers)
        {
            _names[name] = new Queue<IPAddress[]>(answers);
            return this;
        }

        public TestNetwork Answers(string name, IPAddress[] first, IPAddress[] then) => Answers(name, new[] { first, then });

        /// <summary>Connections to <paramref name="address"/>:<paramref name="port"/> reach 127.0.0.1:<paramref name="loopbackPort"/>.</summary>
        public TestNetwork Route(string address, int port, int loopbackPort)
        {
            _routes[new IPEndPoint(IPAddress.Parse(address), port)] = loopbackPort;
            return this;
        }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Lookups.Enqueue(host);
            if (!_names.TryGetValue(host, out var answers))
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            lock (answers)
            {
                return Task.FromResult(answers.Count > 1 ? answers.Dequeue() : answers.Peek());
            }
        }

        public async Task<Socket> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
        {
            var endpoint = new IPEndPoint(address, port);
            Connected.Enqueue(endpoint);
            var target = _routes.TryGetValue(endpoint, out var loopback) ? new IPEndPoint(IPAddress.Loopback, loopback) : throw new SocketException((int)SocketError.NetworkUnreachable);
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
    }
}
