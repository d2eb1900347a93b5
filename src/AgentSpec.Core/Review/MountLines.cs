using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Review;

/// <summary>Where one operator mount is declared (1-based lines; null when the key is not written). Value-equatable.</summary>
internal sealed record MountLines(string ContainerPath, int Line, int? HostPathLine, int? ContainerPathLine, int? ReadOnlyLine);
