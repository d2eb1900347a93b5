using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>An 'egress:' list as written, in a group or in defaults: where its key is and its entries in order (empty for 'egress: []').</summary>
internal sealed record EgressListDeclaration(SourceSpan KeySpan, IReadOnlyList<EgressDeclaration> Entries);
