namespace AgentSpec.App.Import;

/// <summary>The imported groups as groups.yaml text (docs/groups-yaml.md), each part's lines remembered for the report.</summary>
internal static class GroupsYamlBuilder
{
    public static YamlText Build(IReadOnlyList<ImportedGroup> groups, string image, bool nonMainReadWrite, bool agentBlock, string source)
    {
        var yaml = new YamlText();
        yaml.Line(0, "# Imported from NanoClaw (" + source.Replace('\n', ' ') + ") by `agentspec import nanoclaw`.");
        yaml.Line(0, "# Review it like any change to groups.yaml: every mount below is a grant. The import's report lists what was");
        yaml.Line(0, "# not carried over and why; `agentspec check` and the build check this file.");
        yaml.Line(0, "version: 1");
        yaml.Line(0, string.Empty);
        yaml.Line(0, "defaults:");
        yaml.Begin("defaults.image");
        yaml.Line(1, "image: " + YamlText.Scalar(image));
        yaml.End();
        if (nonMainReadWrite)
        {
            yaml.Line(0, string.Empty);
            yaml.Begin("policy");
            yaml.Line(0, "policy:");
            yaml.Line(1, "nonMainReadOnly: false   # NanoClaw mounted read-write into a non-main group, and the allowlist says nonMainReadOnly: false");
            yaml.End();
        }

        yaml.Line(0, string.Empty);
        yaml.Line(0, "groups:");
        foreach (var group in groups)
        {
            yaml.Begin($"group:{group.Id}");
            yaml.Line(1, "- id: " + YamlText.Scalar(group.Id));
            yaml.Line(2, "name: " + YamlText.Scalar(group.Name));
            yaml.Line(2, "folder: " + YamlText.Scalar(group.Folder));
            if (group.Main)
            {
                yaml.Line(2, "main: true");
            }

            yaml.Begin($"skills:{group.Id}");
            yaml.Line(2, "skills: " + (group.Skills is null ? "all" : "[" + string.Join(", ", group.Skills.Select(YamlText.Scalar)) + "]"));
            yaml.End();
            if (group.Image is not null)
            {
                yaml.Begin($"image:{group.Id}");
                yaml.Line(2, "image: " + YamlText.Scalar(group.Image));
                yaml.End();
            }

            if (group.Mounts.Count > 0)
            {
                yaml.Begin($"mounts:{group.Id}");
                yaml.Line(2, "mounts:");
                foreach (var mount in group.Mounts)
                {
                    yaml.Begin($"mount:{group.Id}:{mount.Index}");
                    yaml.Line(3, "- hostPath: " + YamlText.Scalar(mount.HostPath));
                    yaml.Line(4, "containerPath: " + YamlText.Scalar(mount.ContainerPath));
                    yaml.Line(4, "readonly: " + (mount.ReadOnly ? "true" : "false"));
                    yaml.End();
                }

                yaml.End();
            }

            if (agentBlock)
            {
                AgentBlockWriter.Write(yaml, group);
            }

            yaml.End();
            yaml.Line(0, string.Empty);
        }

        return yaml;
    }
}
