using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace AgentSpec.Cli.Tests.Import;

/// <summary>
/// A NanoClaw v2 project on disk: PROJECT/data/v2.db made by applying NanoClaw's own migration SQL
/// (NanoClawSchema/*.ts) in WAL mode as NanoClaw opens it, a HOME with ~/.config/nanoclaw/mount-allowlist.json,
/// and the folders its mounts name.
/// </summary>
internal sealed class NanoClawProject : IDisposable
{
    private static readonly string[] Migrations = ["001-initial.ts", "014-container-configs.ts", "015-cli-scope.ts"];
    private readonly TempDir _temp = new();

    public NanoClawProject()
    {
        Directory.CreateDirectory(Path.Join(Root, "data"));
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(_temp["work"]);
        using var db = Open();
        Exec(db, "PRAGMA journal_mode = WAL");
        foreach (var sql in MigrationSql())
        {
            Exec(db, sql);
        }
    }

    public string Root => _temp["nanoclaw"];

    public string Home => _temp["home"];

    public string Database => Path.Join(Root, "data", "v2.db");

    public string NanoClawAllowlist => Path.Join(Home, ".config", "nanoclaw", "mount-allowlist.json");

    public string AgentSpecAllowlist => Path.Join(Home, ".config", "agentspec", "mount-allowlist.json");

    public string Credentials => Path.Join(Home, ".config", "agentspec", "credentials.json");

    public string Out => _temp["work/groups.yaml"];

    public IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["HOME"] = Home, ["XDG_CONFIG_HOME"] = null };

    /// <summary>The SQL of NanoClaw's migrations: every db.exec(`...`) and db.prepare("...").run() in the files.</summary>
    public static IEnumerable<string> MigrationSql()
    {
        foreach (var file in Migrations)
        {
            var text = File.ReadAllText(Path.Join(Repo.Root, "tests", "AgentSpec.Cli.Tests", "Import", "NanoClawSchema", file));
            var found = Regex.Matches(text, @"db\.exec\(`(?<sql>[^`]*)`\)|db\.prepare\(""(?<sql>[^""]*)""\)\.run\(\)").Select(m => m.Groups["sql"].Value).ToList();
            Assert.NotEmpty(found);
            foreach (var sql in found)
            {
                yield return sql;
            }
        }
    }

    public string HomeDir(string relative) => Directory.CreateDirectory(Path.Join(Home, relative)).FullName;

    public void WriteAllowlist(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(NanoClawAllowlist)!);
        File.WriteAllText(NanoClawAllowlist, json);
    }

    /// <summary>Adds a group as NanoClaw's createAgentGroup and createContainerConfig do; null columns take the schema's defaults.</summary>
    public void AddGroup(string id, string name, string folder, string? mounts = null, string? mcpServers = null, string? skills = null,
        string? provider = null, string? model = null, string? effort = null, int? maxMessages = null, string? assistant = null, string? packagesApt = null)
    {
        using var db = Open();
        Exec(db, "INSERT INTO agent_groups (id, name, folder, agent_provider, created_at) VALUES ($id, $name, $folder, NULL, $at)",
            ("$id", id), ("$name", name), ("$folder", folder), ("$at", DateTime.UtcNow.ToString("O") + id));
        Exec(db, "INSERT INTO container_configs (agent_group_id, provider, model, effort, assistant_name, max_messages_per_prompt, skills, mcp_servers, "
            + "packages_apt, additional_mounts, updated_at) VALUES ($id, $provider, $model, $effort, $assistant, $max, coalesce($skills, '\"all\"'), "
            + "coalesce($mcp, '{}'), coalesce($apt, '[]'), coalesce($mounts, '[]'), $at)",
            ("$id", id), ("$provider", provider), ("$model", model), ("$effort", effort), ("$assistant", assistant), ("$max", maxMessages), ("$skills", skills),
            ("$mcp", mcpServers), ("$apt", packagesApt), ("$mounts", mounts), ("$at", DateTime.UtcNow.ToString("O")));
    }

    /// <summary>Every file of data/ with a hash of its bytes: the import must leave all of it as it was.</summary>
    public IReadOnlyDictionary<string, string> DataFiles() =>
        Directory.EnumerateFiles(Path.Join(Root, "data")).OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + "@" + File.GetLastWriteTimeUtc(f).Ticks);

    public SqliteConnection Open()
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString());
        db.Open();
        return db;
    }

    public static void Exec(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose() => _temp.Dispose();
}
