using System.Collections.Generic;

namespace AgentSpec.Core.Checks;

/// <summary>A group and what the rules made of it: whether its identity (id, folder) holds, and its checked mounts in order.</summary>
internal sealed record CheckedGroup(GroupDeclaration Declaration, bool IdentityValid, IReadOnlyList<CheckedMount> Mounts);
