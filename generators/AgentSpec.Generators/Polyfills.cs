// netstandard2.0 lacks the type the C# compiler needs for records and init accessors. Declared here because the
// generator sees two copies otherwise (AgentSpec.Core's, through InternalsVisibleTo, and NJsonSchema's), and a
// declaration in source takes precedence over referenced ones.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
