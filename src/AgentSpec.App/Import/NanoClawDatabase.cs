using Microsoft.Data.Sqlite;

namespace AgentSpec.App.Import;

/// <summary>
/// Reads NanoClaw v2's central database (PROJECT_ROOT/data/v2.db) with SQLite, opened read-only: nothing in it is
/// ever written, and a database that is missing, locked, not SQLite or not NanoClaw's is a clear message.
/// </summary>
internal static class NanoClawDatabase
{
    private static readonly string[] ConfigColumns =
    {
        "provider", "model", "effort", "image_tag", "assistant_name", "max_messages_per_prompt", "skills", "mcp_servers",
        "packages_apt", "packages_npm", "additional_mounts",
    };

    public static IReadOnlyList<NanoClawGroup> Read(string path)
    {
        if (!File.Exists(path))
        {
            var hint = Directory.Exists(path) ? "it is a folder" : "no such file";
            throw new CliException($"cannot import: {path} is not NanoClaw's database ({hint}); give the NanoClaw project root, the folder that holds "
                + $"data/v2.db");
        }

        // With no writer's journal beside it, the file is opened immutable: SQLite then takes no locks and creates no
        // -wal/-shm files, so the data folder is left exactly as it was. A journal means NanoClaw is writing (or crashed
        // mid-write): then SQLite's own read-only mode, which honours the writer's locks and recovers a crash in memory.
        var quiet = !File.Exists(path + "-wal") && !File.Exists(path + "-journal");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = quiet ? new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 5,
        };
        try
        {
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            var tables = Names(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");
            if (!tables.Contains("agent_groups"))
            {
                throw new CliException($"cannot import: {path} is an SQLite database but not NanoClaw v2's (it has no agent_groups table); "
                    + "give the root of a NanoClaw v2 project");
            }

            var configs = tables.Contains("container_configs")
                ? Names(connection, "SELECT name FROM pragma_table_info('container_configs')")
                : new HashSet<string>();
            var missing = ConfigColumns.Where(c => configs.Count > 0 && !configs.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new CliException($"cannot import: {path} has a container_configs table without {string.Join(", ", missing)}; "
                    + "it is not a NanoClaw v2 schema this import knows (v2.0.64); run NanoClaw once to migrate it");
            }

            return ReadGroups(connection, configs);
        }
        catch (SqliteException e)
        {
            throw new CliException($"cannot import: {path}: {Describe(e)}");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            // A NativeAOT agentspec copied without the SQLite library its publish put beside it.
            throw new CliException($"cannot import: SQLite's native library (libe_sqlite3.so) is not beside agentspec in {AppContext.BaseDirectory}; "
                + "copy it from the folder agentspec was published to (it travels with the binary), then import again");
        }
    }

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => "the database is locked by another process (is NanoClaw running and migrating it?); stop NanoClaw and run the import again",
        26 => "the file is not an SQLite database; give the root of a NanoClaw v2 project (its data/v2.db)",
        11 => "the database file is damaged (SQLite reports it malformed); restore it from a backup before importing",
        14 => "SQLite cannot open the file read-only (check that you may read it and its folder, and that its -wal/-shm files are readable)",
        _ => $"SQLite error {e.SqliteErrorCode} reading it",
    };

    private static HashSet<string> Names(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static List<NanoClawGroup> ReadGroups(SqliteConnection connection, HashSet<string> configColumns)
    {
        using var command = connection.CreateCommand();
        var hasConfigs = configColumns.Count > 0;
        var cliScope = configColumns.Contains("cli_scope") ? "c.cli_scope" : "NULL";
        command.CommandText = hasConfigs
            ? "SELECT g.id, g.name, g.folder, g.agent_provider, c.agent_group_id, c.provider, c.model, c.effort, c.image_tag, c.assistant_name, "
              + $"c.max_messages_per_prompt, c.skills, c.mcp_servers, c.packages_apt, c.packages_npm, c.additional_mounts, {cliScope} "
              + "FROM agent_groups g LEFT JOIN container_configs c ON c.agent_group_id = g.id ORDER BY g.created_at, g.id"
            : "SELECT g.id, g.name, g.folder, g.agent_provider FROM agent_groups g ORDER BY g.created_at, g.id";
        using var reader = command.ExecuteReader();
        var groups = new List<NanoClawGroup>();
        while (reader.Read())
        {
            var group = new NanoClawGroup(Text(reader, 0) ?? string.Empty, Text(reader, 1) ?? string.Empty, Text(reader, 2) ?? string.Empty, Text(reader, 3));
            if (hasConfigs && !reader.IsDBNull(4))
            {
                group = group with
                {
                    HasConfig = true,
                    Provider = Text(reader, 5),
                    Model = Text(reader, 6),
                    Effort = Text(reader, 7),
                    ImageTag = Text(reader, 8),
                    AssistantName = Text(reader, 9),
                    MaxMessagesPerPrompt = reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    Skills = Text(reader, 11) ?? "\"all\"",
                    McpServers = Text(reader, 12) ?? "{}",
                    PackagesApt = Text(reader, 13) ?? "[]",
                    PackagesNpm = Text(reader, 14) ?? "[]",
                    AdditionalMounts = Text(reader, 15) ?? "[]",
                    CliScope = Text(reader, 16),
                };
            }

            groups.Add(group);
        }

        return groups;
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i),
        System.Globalization.CultureInfo.InvariantCulture);
}
