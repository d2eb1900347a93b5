using System.Collections.Generic;

namespace AgentSpec.Core.Diagnostics;

/// <summary>
/// The rule catalogue: every AGS id in one place. Each rule has a page docs/diagnostics/AGS####.md.
/// Protected rules (security, host-managed mounts, a file that cannot be read) stay errors whatever .editorconfig says.
/// </summary>
internal static class Rules
{
    private const string Syntax = "AgentSpec.Syntax";
    private const string Schema = "AgentSpec.Schema";
    private const string Mounts = "AgentSpec.Mounts";
    private const string Groups = "AgentSpec.Groups";
    private const string Security = "AgentSpec.Security";

    // ---- The file itself ----
    public static readonly Rule YamlSyntax = Error("AGS0001", "groups.yaml is not valid YAML", "groups.yaml is not valid YAML: {0}", Syntax);
    public static readonly Rule DuplicateKey = Error("AGS0002", "Duplicate key", "Key '{0}' appears twice in the same mapping (first at line {1}); remove one of them", Syntax);
    public static readonly Rule MultipleDocuments = Error("AGS0003", "More than one YAML document", "groups.yaml must hold exactly one YAML document; remove the '---' separator and merge the documents", Syntax);
    public static readonly Rule EmptyDocument = Error("AGS0004", "groups.yaml is empty", "groups.yaml is empty; declare 'version: 1' and a 'groups:' list", Syntax);
    public static readonly Rule ExpansionLimit = Error("AGS0005", "Input too large or too deep", "{0}; the file is refused so that the build stays fast", Syntax);
    public static readonly Rule MultipleFiles = Error("AGS0006", "More than one groups.yaml", "More than one groups.yaml is an AdditionalFile of this project (also '{0}'); keep exactly one", Syntax);
    public static readonly Rule NoGroupsFile = Error("AGS0007", "No groups file", "This project uses AgentSpec but has no groups file: '{0}' does not exist. Create it (start with 'version: 1' and a 'groups:' list), or point the MSBuild property AgentSpecGroupsFile at your file", Syntax);
    public static readonly Rule LoweredErrorLeavesNoPlans = Error("AGS0008", "A lowered error left the build without groups", "{0} was lowered from an error by a severity setting (agentspec_diagnostic.{0}.severity or dotnet_diagnostic.{0}.severity), but an error in groups.yaml still stops every group from compiling, so this build would have no groups at all. Fix what {0} reports ({1}), or remove the severity setting", Syntax);
    public static readonly Rule InternalError = Error("AGS0009", "AgentSpec could not check groups.yaml", "AgentSpec could not check groups.yaml ({0}); the file is refused. This is a bug in AgentSpec: please report it with the file", Syntax);

    // ---- Schema ----
    public static readonly Rule UnknownKey = Error("AGS0101", "Unknown key", "Unknown key '{0}' in {1}{2}", Schema);
    public static readonly Rule DockerStyleKeys = Error("AGS0102", "Docker-style mount keys", "This mount uses Docker's '{0}' key; groups.yaml uses NanoClaw's keys: write hostPath (for source), containerPath (for target) and readonly: true|false (for mode)", Schema);
    public static readonly Rule WrongType = Error("AGS0103", "Wrong value type", "'{0}' must be {1}, not {2}{3}", Schema);
    public static readonly Rule MissingKey = Error("AGS0104", "Required key missing", "{0} is missing the required key '{1}'", Schema);
    public static readonly Rule InvalidValue = Error("AGS0105", "Invalid value", "{0}", Schema);

    // ---- Container paths of operator mounts ----
    public static readonly Rule ContainerPathAbsolute = Error("AGS0201", "Absolute container path", "containerPath '{0}' is absolute; operator mounts always land under /workspace/extra/, so write the relative form '{1}' (it lands at /workspace/extra/{1})", Mounts);
    public static readonly Rule ContainerPathTraversal = Error("AGS0202", "Container path leaves /workspace/extra", "containerPath '{0}' contains a '{1}' segment; write a plain relative path such as 'notes' or 'projects/webapp' without '.' or '..'", Mounts);
    public static readonly Rule ContainerPathColon = Error("AGS0203", "Colon in container path", "containerPath '{0}' contains ':', which Docker reads as a mount option separator; remove the ':' (use readonly: for the mode)", Mounts);
    public static readonly Rule ContainerPathEmpty = Error("AGS0204", "Empty container path", "containerPath is empty; name the folder under /workspace/extra/ where the mount should appear, e.g. containerPath: notes", Mounts);
    public static readonly Rule ContainerPathHostManaged = Error("AGS0205", "Container path of a host-managed mount", "containerPath '{0}' targets {1}, the host-managed '{2}' mount; host-managed mounts cannot be replaced, moved or shadowed. Choose a relative path under /workspace/extra/, e.g. '{3}'", Mounts);
    public static readonly Rule DuplicateContainerPath = Error("AGS0206", "Duplicate container path", "containerPath '{0}' is already used in group '{1}' (line {2}); each mount of a group needs its own container path", Mounts);
    public static readonly Rule NestedContainerPath = Warning("AGS0207", "Nested container paths", "containerPath '{0}' lies inside '{1}' (line {2}) of the same group; one mount hides part of the other. Give them separate paths", Mounts);
    public static readonly Rule ContainerPathBackslash = Error("AGS0208", "Backslash in container path", "containerPath '{0}' contains '\\'; container paths use '/' separators, e.g. '{1}'", Mounts);

    // ---- Host paths of operator mounts ----
    public static readonly Rule HostPathNotAbsolute = Error("AGS0301", "Relative host path", "hostPath '{0}' is relative; write an absolute path (/srv/data) or a path in your home (~/projects/webapp)", Security);
    public static readonly Rule HostPathBlocked = Error("AGS0302", "Blocked host path", "hostPath '{0}' matches the blocked pattern '{1}' ({2}); it can never be mounted into an agent container. Mount a folder that holds no credentials", Security);
    public static readonly Rule HostPathTraversal = Error("AGS0303", "'..' in host path", "hostPath '{0}' contains '..'; write the path it means without '..' so reviewers see what is mounted", Security);
    public static readonly Rule HostPathOtherUser = Error("AGS0304", "Another user's home", "hostPath '{0}' uses the '~user' form; only '~/' (the operator's own home) or an absolute path is allowed", Security);
    public static readonly Rule HostPathWindows = Error("AGS0305", "Windows-style host path", "hostPath '{0}' is a Windows path; containers run on a Linux host here, write a POSIX path such as /srv/data or ~/data", Security);
    public static readonly Rule HostPathTooBroad = Error("AGS0306", "Host path too broad", "hostPath '{0}' would mount {1}; mount the specific folder the agent needs instead", Security);
    public static readonly Rule HostPathColon = Error("AGS0307", "Colon in host path", "hostPath '{0}' contains ':', which Docker reads as a mount option separator; rename the folder or mount its parent", Security);
    public static readonly Rule HostPathInsideWritableMount = Error("AGS0308", "Mount source inside a read-write mount", "hostPath '{0}' lies inside '{1}', which group '{2}' mounts read-write (line {3}); its agent could swap a folder on this path for a symbolic link between the host check and the bind, and so move this mount anywhere. Mount '{1}' itself (the groups then share it), or mount a folder outside '{1}'", Security);

    // ---- Groups ----
    public static readonly Rule DuplicateGroupId = Error("AGS0401", "Duplicate group id", "Group id '{0}' is already used at line {1}; every group needs its own id", Groups);
    public static readonly Rule DuplicateFolder = Error("AGS0402", "Duplicate folder", "Folder '{0}' is already used by group '{1}' (line {2}); two groups must never share a working folder", Groups);
    public static readonly Rule UnsafeFolder = Error("AGS0403", "Unsafe folder name", "Folder '{0}' is not a safe folder name; use one name of letters, digits, '-', '_' or '.', starting with a letter or digit (no '/', no '..')", Security);
    public static readonly Rule ReservedFolder = Error("AGS0404", "Reserved folder name", "Folder '{0}' is reserved: groups/{0}/ is the host-managed {1} mount; choose another folder name", Security);
    public static readonly Rule InvalidGroupId = Error("AGS0405", "Invalid group id", "Group id '{0}' is not valid; use lowercase letters, digits and '-', starting with a letter (e.g. 'research-bot')", Groups);
    public static readonly Rule ReservedEnvName = Error("AGS0406", "Reserved environment variable", "Environment variable '{0}' is set by the host ({1}) and cannot be set in groups.yaml; remove it", Security);
    public static readonly Rule InvalidEnvName = Error("AGS0407", "Invalid environment variable name", "Environment variable name '{0}' is not valid; use letters, digits and '_', not starting with a digit", Groups);
    public static readonly Rule MultipleMainGroups = Error("AGS0408", "More than one main group", "Group '{0}' is marked main, but '{1}' (line {2}) already is; exactly one group is the trusted main group", Security);
    public static readonly Rule NoMainGroup = Warning("AGS0409", "No main group", "No group is marked 'main: true'; every group runs as non-main. Mark the trusted group with main: true");
    public static readonly Rule NonMainReadWrite = Error("AGS0410", "Read-write mount in a non-main group", "Group '{0}' is not the main group and policy.nonMainReadOnly is true, so mount '{1}' cannot be read-write; set readonly: true, move the mount to the main group, or set policy.nonMainReadOnly: false", Security);
    public static readonly Rule MissingImage = Error("AGS0411", "No image", "Group '{0}' has no image; set 'image:' on the group or 'defaults.image'", Groups);
    public static readonly Rule UnsafeContainerUser = Error("AGS0412", "Container user is root or not numeric", "{0} '{1}' {2}; write a numeric non-root user as \"UID:GID\", e.g. \"1000:1000\", or leave '{0}' out to run as the invoking user (1000:1000 when agentspec runs as root)", Security);
    public static readonly Rule InvalidResourceLimit = Error("AGS0413", "Resource limit out of range", "{0} '{1}' {2}; write {3}", Security);
    public static readonly Rule InvalidImageReference = Error("AGS0414", "Invalid image reference", "Image '{0}' is not a valid Docker image reference: {1}. Write [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. '{2}'", Security);
    public static readonly Rule NonMainProxy = Error("AGS0416", "Egress proxy in a non-main group", "Group '{0}' is not the main group and policy.nonMainProxy is false, so it cannot use network: proxy{1}; write network: none for the group, run what needs the network in the main group, or set policy.nonMainProxy: true", Security);
    public static readonly Rule InjectionEnvName = Error("AGS0415", "Loader or runtime environment variable", "Environment variable '{0}' {1}; set from groups.yaml it would inject code or trust into the agent runner. Remove it: what the runner needs belongs in the image (an ENV line in its Dockerfile), which is built and reviewed as code", Security);

    public static readonly Rule SplitEnvName = Error("AGS0417", "Environment variable name the engine would split", "Environment variable name '{0}' contains {1}; the engine passes every variable as one NAME=VALUE string, so {2}. Write the name alone as the key and the value after the ':', e.g. '{3}: <value>' (names are letters, digits and '_')", Security);
    public static readonly Rule UnsafeSkillName = Error("AGS0418", "Unsafe skill name", "Skill '{0}' is not a safe folder name: skills are folders of the shared skills folder (container/skills/<name>, mounted at /app/skills/<name>); use one name of letters, digits, '-', '_' or '.', starting with a letter or digit (no '/', no '..')", Security);
    public static readonly Rule DuplicateSkill = Error("AGS0419", "Duplicate skill", "Skill '{0}' is already listed for group '{1}' (line {2}); each skill is mounted once, remove the second entry", Groups);

    // ---- Text ----
    public static readonly Rule UnsafeCharacters = Error("AGS0501", "Invisible or control characters", "{0} contains {1}; control, bidirectional and zero-width characters make text read differently than it is. Remove it", Security);

    // ---- Egress (where the agent may connect, through AgentSpec's gateway) ----
    public static readonly Rule EgressWildcardTooBroad = Error(
        "AGS0701",
        "Egress wildcard too broad",
        "Egress host '{0}' {1}; name the hosts the agent needs, e.g. host: api.example.com, or a wildcard below a domain you trust, e.g. "
            + "host: \"*.example.com\"",
        Security);
    public static readonly Rule EgressWildcardMisplaced = Error(
        "AGS0702",
        "Wildcard not leftmost",
        "Egress host '{0}' has '*' {1}; a wildcard is only the whole leftmost label followed by a dot, e.g. host: \"{2}\"",
        Security);
    public static readonly Rule EgressHostIsUrl = Error(
        "AGS0703",
        "URL written as an egress host",
        "Egress host '{0}' {1}; egress names a host and a port, not a scheme, path or user: write host: {2}{3}",
        Security);
    public static readonly Rule EgressHostIsRange = Error(
        "AGS0704",
        "Address range as an egress host",
        "Egress host '{0}' is an address range; egress names one host, not a range (a range reaches every machine in it). Write the host "
            + "name the agent needs, e.g. host: api.example.com",
        Security);
    public static readonly Rule EgressReservedAddress = Error(
        "AGS0705",
        "Loopback, link-local or unspecified egress address",
        "Egress host '{0}' is {1}; the gateway never connects there (it would reach the host itself, its neighbours or the cloud's "
            + "metadata service). Remove this destination",
        Security);
    public static readonly Rule EgressPrivateAddress = Error(
        "AGS0706",
        "Private egress address not spelled out",
        "Egress host '{0}' is a private address ({1}); the gateway refuses private addresses unless the destination says so on purpose: "
            + "add private: true to this entry if the agent must reach it, or use a public host name",
        Security);
    public static readonly Rule EgressPortOutOfRange = Error(
        "AGS0707",
        "Egress port out of range",
        "Egress port {0} for '{1}' is not a TCP port; write a whole number from 1 to 65535, or leave port out for 443",
        Security);
    public static readonly Rule EgressDuplicate = Error(
        "AGS0708",
        "Duplicate egress destination",
        "Egress destination '{0}' is already listed at line {1}{2}; each host and port is listed once, remove one entry",
        Groups);
    public static readonly Rule EgressUppercaseHost = Error(
        "AGS0709",
        "Uppercase egress host",
        "Egress host '{0}' has uppercase letters; host names are compared in lowercase, so write host: {1}",
        Security);
    public static readonly Rule EgressInvalidHost = Error(
        "AGS0710",
        "Egress host is not a DNS name",
        "Egress host '{0}' is not a DNS name: {1}. Write a name of dot-separated labels of lowercase letters, digits and '-', e.g. host: "
            + "api.example.com",
        Security);
    public static readonly Rule EgressCredentialOnWildcard = Error(
        "AGS0711",
        "Credential on a wildcard destination",
        "Egress host '{0}' is a wildcard and has credential '{1}'; the gateway would send the key to every name below it, including ones "
            + "someone else controls. List the exact host that needs the credential, e.g. host: {2} with credential: {1}",
        Security);
    public static readonly Rule EgressInvalidCredentialName = Error(
        "AGS0712",
        "Invalid credential name",
        "Credential name '{0}' is not valid; a credential is named, not written here: use lowercase letters, digits, '-' and '_', starting "
            + "with a letter or digit (e.g. credential: anthropic), and put its value in ~/.config/agentspec/credentials.json on the host",
        Security);
    public static readonly Rule EgressCredentialValue = Error(
        "AGS0713",
        "Credential value in groups.yaml",
        "Egress entry key '{0}' looks like a credential value; values never go in groups.yaml (it is reviewed and committed, and the agent "
            + "must never see them). Name the credential, e.g. credential: anthropic, and put its value under that name in the operator's "
            + "~/.config/agentspec/credentials.json",
        Security);
    public static readonly Rule EgressWithNetwork = Error("AGS0714", "Egress with another network", "{0}", Security);
    public static readonly Rule NonMainEgress = Error(
        "AGS0715",
        "Egress in a non-main group",
        "Group '{0}' is not the main group and policy.nonMainEgress is false, so it cannot reach the network{1}; remove its egress (write "
            + "egress: [] to opt out of defaults.egress), run what needs the network in the main group, or set policy.nonMainEgress: true",
        Security);
    public static readonly Rule NonMainCredential = Error(
        "AGS0716",
        "Credential in a non-main group",
        "Group '{0}' is not the main group and policy.nonMainCredentials is false, so it cannot use credential '{1}' (for '{2}'{3}); a "
            + "non-main group serves less trusted input, and the gateway would spend the operator's key on its behalf. Remove the credential, "
            + "move the work to the main group, or set policy.nonMainCredentials: true",
        Security);
    public static readonly Rule NonMainWildcardEgress = Warning(
        "AGS0717",
        "Wildcard egress in a non-main group",
        "Group '{0}' is not the main group and may reach every name below '{1}'{2}; someone who controls one of them has a channel out of "
            + "this group. List the exact hosts it needs",
        Security);
    public static readonly Rule EgressPrivateWildcard = Error(
        "AGS0718",
        "private: true on a wildcard",
        "Egress host '{0}' is a wildcard and has private: true; any name below it could then resolve into the private network (DNS "
            + "rebinding). Write private: true only on the exact host that is private, e.g. host: {1}",
        Security);

    // ---- Agent (the agent block NanoClaw's runner reads from container.json) ----
    public static readonly Rule AgentInvalidEffort = Error(
        "AGS0801",
        "Unknown agent effort",
        "effort '{0}' is not one the runner knows{1}; write one of low, medium, high, xhigh, max, or leave effort out",
        Groups);
    public static readonly Rule AgentMaxMessagesOutOfRange = Error(
        "AGS0802",
        "maxMessagesPerPrompt out of range",
        "maxMessagesPerPrompt {0} is outside 1 to 1000; write a whole number in that range, or leave it out for the runner's 10",
        Groups);
    public static readonly Rule McpMissingCommand = Error(
        "AGS0803",
        "MCP server without command",
        "MCP server '{0}' has no command; the runner starts each server with one. Write command: (e.g. command: npx) or remove the server",
        Groups);
    public static readonly Rule McpSecretValue = Error(
        "AGS0804",
        "Secret value in an MCP server's env",
        "env {0} of MCP server '{1}' looks like a secret ({2}); groups.yaml is reviewed and committed, so a value here is leaked. Move it to "
            + "credentials: ({0}: <credential name>) and put the value in the operator's credentials.json (~/.config/agentspec/credentials.json)",
        Security);
    public static readonly Rule McpProtectedVariable = Error(
        "AGS0805",
        "Reserved or loader variable for an MCP server",
        "Environment variable '{0}' of MCP server '{1}' ({2}) {3}; the same names are refused here as in a group's env. Remove it",
        Security);
    public static readonly Rule McpVariableTwice = Error(
        "AGS0806",
        "MCP variable in env and credentials",
        "Variable '{0}' of MCP server '{1}' is in credentials and also in env (line {2}); the server gets one value. Keep one of them",
        Groups);
    public static readonly Rule McpInvalidCredentialName = Error(
        "AGS0807",
        "Invalid MCP credential name",
        "Credential name '{0}' (for {1} of MCP server '{2}') is not valid; a credential is named, not written here: use lowercase letters, digits, "
            + "'-' and '_', starting with a letter or digit (e.g. {1}: github), and put its value in the operator's credentials.json",
        Security);
    public static readonly Rule McpInvalidServerName = Error(
        "AGS0808",
        "Invalid MCP server name",
        "MCP server name '{0}' is not valid; use letters, digits, '-' and '_', starting with a letter or digit (at most 64), e.g. github",
        Groups);

    // ---- Notes ----
    public static readonly Rule ReadonlyDefaulted = Info("AGS0601", "readonly not stated", "Mount '{0}' does not say 'readonly'; it is mounted read-only. Write readonly: true or readonly: false to make the intent explicit");
    public static readonly Rule ContainerPathLooksHostManaged = Warning("AGS0602", "Container path named like a host-managed mount", "containerPath '{0}' lands at /workspace/extra/{0}, not at the host-managed '{1}' mount ({2}); rename it if you meant something else", Mounts, isProtected: false);

    public static IReadOnlyList<Rule> All { get; } = new[]
    {
        YamlSyntax, DuplicateKey, MultipleDocuments, EmptyDocument, ExpansionLimit, MultipleFiles, NoGroupsFile, LoweredErrorLeavesNoPlans, InternalError,
        UnknownKey, DockerStyleKeys, WrongType, MissingKey, InvalidValue,
        ContainerPathAbsolute, ContainerPathTraversal, ContainerPathColon, ContainerPathEmpty, ContainerPathHostManaged, DuplicateContainerPath, NestedContainerPath, ContainerPathBackslash,
        HostPathNotAbsolute, HostPathBlocked, HostPathTraversal, HostPathOtherUser, HostPathWindows, HostPathTooBroad, HostPathColon, HostPathInsideWritableMount,
        DuplicateGroupId, DuplicateFolder, UnsafeFolder, ReservedFolder, InvalidGroupId, ReservedEnvName, InvalidEnvName, MultipleMainGroups, NoMainGroup, NonMainReadWrite, MissingImage, UnsafeContainerUser, InvalidResourceLimit, InvalidImageReference, InjectionEnvName, NonMainProxy, SplitEnvName, UnsafeSkillName, DuplicateSkill,
        UnsafeCharacters,
        EgressWildcardTooBroad, EgressWildcardMisplaced, EgressHostIsUrl, EgressHostIsRange, EgressReservedAddress, EgressPrivateAddress,
        EgressPortOutOfRange, EgressDuplicate, EgressUppercaseHost, EgressInvalidHost, EgressCredentialOnWildcard, EgressInvalidCredentialName,
        EgressCredentialValue, EgressWithNetwork, NonMainEgress, NonMainCredential, NonMainWildcardEgress, EgressPrivateWildcard,
        AgentInvalidEffort, AgentMaxMessagesOutOfRange, McpMissingCommand, McpSecretValue, McpProtectedVariable, McpVariableTwice, McpInvalidCredentialName,
        McpInvalidServerName,
        ReadonlyDefaulted, ContainerPathLooksHostManaged,
    };

    public static Rule? Find(string id)
    {
        foreach (var rule in All)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        return null;
    }

    // Errors are protected unless stated: they keep the plan sound. Warnings and notes can be tuned.
    private static Rule Error(string id, string title, string format, string category, bool isProtected = true) =>
        new(id, title, format, RuleSeverity.Error, category, isProtected);

    private static Rule Warning(string id, string title, string format, string category = Groups, bool isProtected = false) =>
        new(id, title, format, RuleSeverity.Warning, category, isProtected);

    private static Rule Info(string id, string title, string format) =>
        new(id, title, format, RuleSeverity.Info, Mounts, false);
}
