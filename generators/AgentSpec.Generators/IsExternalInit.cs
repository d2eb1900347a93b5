// netstandard2.0 lacks the type the C# compiler needs for records and init accessors. Declared here so the generator
// never depends on which referenced assembly happens to expose one (AgentSpec.Core's is visible to it through
// InternalsVisibleTo; two visible copies are error CS8356); a declaration in source takes precedence.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit { }
