using System;
using System.IO;
using System.Linq;
using System.Text;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Tests
{
    /// <summary>Small YAML builders: a valid file with one main group, to which a test adds the one thing it checks.</summary>
    internal static class Yaml
    {
        /// <summary>Lines 1-7; a group's keys continue at line 8 with four spaces of indentation.</summary>
        public const string Head =
            "version: 1\n" +
            "defaults:\n" +
            "  image: img\n" +
            "groups:\n" +
            "  - id: main\n" +
            "    folder: main\n" +
            "    main: true\n";

        /// <summary>The main group with a 'mounts:' list at line 8; the first mount's first key is at line 9, column 9.</summary>
        public static string WithMounts(params string[] mounts) => Head + "    mounts:\n" + string.Concat(mounts);

        /// <summary>One mount item of three lines; readonly is left out when <paramref name="readOnly"/> is null.</summary>
        public static string Mount(string hostPath, string containerPath, string? readOnly = "true") =>
            $"      - hostPath: {hostPath}\n" +
            $"        containerPath: {containerPath}\n" +
            (readOnly is null ? string.Empty : $"        readonly: {readOnly}\n");

        /// <summary>A one-group file in flow-style defaults: the id is at line 4, column 9 and the folder at line 5, column 13.</summary>
        public static string Group(string id = "main", string folder = "main", string extra = "    main: true\n") =>
            $"version: 1\ndefaults: {{image: img}}\ngroups:\n  - id: {id}\n    folder: {folder}\n" + extra;

        /// <summary>A file with the head plus a second, non-main group whose keys start at line 8.</summary>
        public static string WithSecondGroup(string group) => Head + group;

        /// <summary>Walks up from the test binaries to the folder that holds AgentSpec.sln.</summary>
        public static string RepoRoot
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "AgentSpec.sln")))
                    {
                        return dir.FullName;
                    }
                }

                throw new InvalidOperationException("AgentSpec.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Example => File.ReadAllText(Path.Combine(RepoRoot, "groups.yaml"));
    }

    internal static class Check
    {
        /// <summary>Compiles and checks what must hold for every input: no internal error, every span inside the text and consistent.</summary>
        public static CompileResult Compile(string text)
        {
            var result = GroupsCompiler.Compile(text);
            Assert.DoesNotContain(result.Findings, f => f.Id == Rules.InternalError.Id);
            foreach (var finding in result.Findings)
            {
                AssertSpanInside(text, finding);
            }

            return result;
        }

        /// <summary>Exactly one finding (any severity), with this id at this 1-based line and column.</summary>
        public static Finding AssertSingle(string text, string id, int line, int column)
        {
            var result = Compile(text);
            Assert.True(result.Findings.Count == 1, $"expected exactly {id} at ({line},{column}); got:\n{Describe(result)}");
            var finding = result.Findings[0];
            AssertAt(finding, id, line, column, Describe(result));
            return finding;
        }

        /// <summary>Among possibly several findings, one has this id at this line and column.</summary>
        public static Finding AssertHas(CompileResult result, string id, int line, int column)
        {
            var finding = result.Findings.FirstOrDefault(f => f.Id == id);
            Assert.True(finding is not null, $"expected {id} at ({line},{column}); got:\n{Describe(result)}");
            AssertAt(finding!, id, line, column, Describe(result));
            return finding!;
        }

        /// <summary>No finding at all, and plans for every group.</summary>
        public static CompileResult AssertClean(string text)
        {
            var result = Compile(text);
            Assert.True(result.Findings.Count == 0, "expected no findings; got:\n" + Describe(result));
            Assert.False(result.HasErrors);
            Assert.NotEmpty(result.Plans);
            foreach (var plan in result.Plans)
            {
                AssertPlanShape(plan);
            }

            return result;
        }

        public static void AssertAt(Finding finding, string id, int line, int column, string context)
        {
            Assert.True(
                finding.Id == id && finding.Span.StartLine + 1 == line && finding.Span.StartColumn + 1 == column,
                $"expected {id} at ({line},{column}); got:\n{context}");
            Assert.Equal(Rules.Find(id)!.Severity, finding.Severity);
        }

        /// <summary>The compiled-in part of every plan: the host-managed table first, skill-data rw, SKILL_DATA_DIR, operator mounts under /workspace/extra/.</summary>
        public static void AssertPlanShape(GroupPlan plan)
        {
            var managed = Expected.HostManagedFor(plan.Skills).Length;
            Assert.True(plan.Mounts.Count >= managed);
            Expected.AssertHostManaged(plan.Mounts.Take(managed), plan.Skills);
            var skillData = plan.Mounts["skill-data"];
            Assert.NotNull(skillData);
            Assert.Equal("/workspace/skill-data", skillData!.ContainerPath);
            Assert.False(skillData.ReadOnly);
            Assert.Equal("/workspace/skill-data", plan.GetEnvironment("SKILL_DATA_DIR"));
            foreach (var mount in plan.Mounts.Skip(managed))
            {
                Assert.Equal(MountOrigin.Operator, mount.Origin);
                Assert.Equal("/workspace/extra/" + mount.Name, mount.ContainerPath);
            }
        }

        /// <summary>0 &lt;= Start &lt;= End &lt;= length, and the zero-based line/column agree with the offset.</summary>
        public static void AssertSpanInside(string text, Finding finding)
        {
            var span = finding.Span;
            Assert.True(span.Start >= 0 && span.Length >= 0 && span.End <= text.Length, $"{finding.Id} span {span} [{span.Start},{span.Length}] lies outside a text of {text.Length} characters");
            var (line, column) = Position(text, span.Start);
            Assert.True(
                line == span.StartLine && column == span.StartColumn,
                $"{finding.Id} span {span} starts at offset {span.Start}, which is ({line + 1},{column + 1})");
            var (endLine, endColumn) = Position(text, span.End);
            Assert.True(
                endLine == span.EndLine && endColumn == span.EndColumn,
                $"{finding.Id} span {span} ends at offset {span.End}, which is ({endLine + 1},{endColumn + 1})");
        }

        /// <summary>Zero-based line and column of an offset, counting line breaks as Roslyn does (CRLF, CR, LF, NEL, LS, PS).</summary>
        public static (int Line, int Column) Position(string text, int offset)
        {
            var line = 0;
            var lineStart = 0;
            for (var i = 0; i < offset && i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    if (i + 1 >= offset)
                    {
                        break; // the offset sits between CR and LF: still on this line
                    }

                    i++;
                    line++;
                    lineStart = i + 1;
                }
                else if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, offset - lineStart);
        }

        public static string Describe(CompileResult result)
        {
            var text = new StringBuilder();
            foreach (var finding in result.Findings)
            {
                text.AppendLine(finding.Format("groups.yaml"));
            }

            return text.Length == 0 ? "(no findings)" : text.ToString();
        }
    }
}
