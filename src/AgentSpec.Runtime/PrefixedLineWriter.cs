using System;
using System.IO;
using System.Text;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// Writes whole lines, each prefixed (e.g. "[main] "), to a shared writer, so the output of groups that run
    /// concurrently (`up GROUP...`) interleaves by line, never mid-line. Flush/Dispose write a trailing partial line.
    /// </summary>
    public sealed class PrefixedLineWriter : TextWriter
    {
        private readonly TextWriter _target;
        private readonly string _prefix;
        private readonly object _gate;
        private readonly StringBuilder _line = new();

        /// <param name="gate">The lock shared by every writer of one target (default: the target itself).</param>
        public PrefixedLineWriter(TextWriter target, string prefix, object? gate = null)
        {
            _target = target;
            _prefix = prefix;
            _gate = gate ?? target;
        }

        public override Encoding Encoding => _target.Encoding;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    Emit();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            for (var i = index; i < index + count; i++)
            {
                Write(buffer[i]);
            }
        }

        public override void Write(string? value)
        {
            if (value is not null)
            {
                Write(value.ToCharArray(), 0, value.Length);
            }
        }

        public override void Flush()
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    Emit();
                }

                lock (_gate)
                {
                    _target.Flush();
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }

        private void Emit()
        {
            var text = _line.ToString().TrimEnd('\r');
            _line.Clear();
            lock (_gate)
            {
                _target.Write(_prefix + text + "\n");
            }
        }
    }
}
