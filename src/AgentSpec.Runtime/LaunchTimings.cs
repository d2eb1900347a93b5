using System;
using System.Diagnostics;
using System.IO;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// Opt-in phase timings for performance work: with AGENTSPEC_TIMINGS=1 each <see cref="Mark"/> writes
    /// "agentspec-timing: PHASE +MS (at MS since process start)" to stderr. Off by default and then free (one bool).
    /// </summary>
    internal static class LaunchTimings
    {
        public const string Variable = "AGENTSPEC_TIMINGS";

        private static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) == "1";
        private static readonly object Gate = new();
        private static double _last = double.NaN;

        /// <summary>Records that <paramref name="phase"/> just finished.</summary>
        public static void Mark(string phase)
        {
            if (!Enabled)
            {
                return;
            }

            lock (Gate)
            {
                var now = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
                var delta = double.IsNaN(_last) ? now : now - _last;
                _last = now;
                Console.Error.WriteLine(FormattableString.Invariant($"agentspec-timing: {phase} +{delta:0.0} ms (at {now:0.0} ms)"));
            }
        }
    }
}
