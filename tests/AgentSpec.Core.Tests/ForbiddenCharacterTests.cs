using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// Every forbidden character class at every position of a value, position 0 included, written raw where YAML allows
    /// it and as a double-quoted escape (\x7F, \u009F, ...) always; with the whole expected message.
    /// </summary>
    public class ForbiddenCharacterTests
    {
        private const string Tail = "; control, bidirectional and zero-width characters make text read differently than it is. Remove it";

        /// <summary>Character, its YAML escape, whether YAML allows it raw inside a quoted scalar, and how the message names it.</summary>
        public static readonly (char Char, string Escape, bool Raw, string Name)[] Unsafe =
        {
            ('\0', "\\0", false, "a NUL character (U+0000)"),
            ('\u0001', "\\x01", false, "a control character (U+0001)"),
            ('\t', "\\t", false, "a tab (U+0009)"),
            ('\n', "\\n", false, "a line break (U+000A)"),
            ('\r', "\\r", false, "a line break (U+000D)"),
            ('\u001F', "\\x1F", false, "a control character (U+001F)"),
            ('\u007F', "\\x7F", false, "a control character (U+007F)"),
            ('\u0080', "\\x80", false, "a control character (U+0080)"),
            ('\u009F', "\\u009F", false, "a control character (U+009F)"),
            ('\u061C', "\\u061C", true, "a bidirectional control character (U+061C)"),
            ('\u200E', "\\u200E", true, "a bidirectional control character (U+200E)"),
            ('\u200F', "\\u200F", true, "a bidirectional control character (U+200F)"),
            ('\u202A', "\\u202A", true, "a bidirectional control character (U+202A)"),
            ('\u202E', "\\u202E", true, "a bidirectional control character (U+202E)"),
            ('\u2066', "\\u2066", true, "a bidirectional control character (U+2066)"),
            ('\u2069', "\\u2069", true, "a bidirectional control character (U+2069)"),
            ('\u200B', "\\u200B", true, "a zero-width or invisible character (U+200B)"),
            ('\u200C', "\\u200C", true, "a zero-width or invisible character (U+200C)"),
            ('\u200D', "\\u200D", true, "a zero-width or invisible character (U+200D)"),
            ('\u2060', "\\u2060", true, "a zero-width or invisible character (U+2060)"),
            ('\u180E', "\\u180E", true, "a zero-width or invisible character (U+180E)"),
            ('\uFEFF', "\\uFEFF", true, "a zero-width or invisible character (U+FEFF)"),
            ('\u206A', "\\u206A", true, "a zero-width or invisible character (U+206A)"),
            ('\u00AD', "\\u00AD", true, "a zero-width or invisible character (U+00AD)"),
            ('\u2028', "\\u2028", false, "a zero-width or invisible character (U+2028)"),
            ('\u2029', "\\u2029", false, "a zero-width or invisible character (U+2029)"),
        };

        public static IEnumerable<object[]> UnsafeCases => Unsafe.Select(u => new object[] { u.Char, u.Escape, u.Raw, u.Name });

        /// <summary>Neighbours of the unsafe ranges that are ordinary text.</summary>
        [Theory]
        [InlineData(' ')]
        [InlineData('~')]
        [InlineData('\u00A0')]
        [InlineData('\u00A1')]
        [InlineData('é')]
        [InlineData('\u2027')]
        [InlineData('\u202F')]
        [InlineData('\u2065')]
        [InlineData('\u205F')]
        [InlineData('\u061B')]
        [InlineData('\u061D')]
        [InlineData('\u200A')]
        [InlineData('\u2010')]
        [InlineData('\uFEFE')]
        [InlineData('\u180D')]
        [InlineData('日')]
        public void Ordinary_characters_next_to_the_unsafe_ranges_are_safe(char c)
        {
            Assert.False(TextRules.IsUnsafe(c), $"U+{(int)c:X4}");
            Assert.Equal(-1, TextRules.FindUnsafe("ab" + c + "cd"));
        }

        /// <summary>The whole Basic Multilingual Plane against the independent definition in <see cref="Expected"/>.</summary>
        [Fact]
        public void Every_character_is_judged_as_the_independent_definition_says()
        {
            for (var i = 0; i <= 0xFFFF; i++)
            {
                var c = (char)i;
                if (!char.IsSurrogate(c))
                {
                    Assert.True(Expected.IsUnsafeCharacter(c) == TextRules.IsUnsafe(c), $"U+{i:X4}: expected {(Expected.IsUnsafeCharacter(c) ? "unsafe" : "safe")}");
                }
            }
        }

        [Theory]
        [MemberData(nameof(UnsafeCases))]
        public void Each_unsafe_character_is_found_at_every_position(char c, string escape, bool raw, string name)
        {
            _ = (escape, raw);
            Assert.True(TextRules.IsUnsafe(c));
            Assert.Equal(name, TextRules.Describe(c));
            for (var at = 0; at <= 5; at++)
            {
                Assert.Equal(at, TextRules.FindUnsafe("notes".Insert(at, c.ToString())));
                Assert.Equal(at, TextRules.FindUnsafe("notes".Insert(at, c.ToString()) + "\u202E"));
            }

            Assert.Equal(0, TextRules.FindUnsafe(c.ToString()));
        }

        [Theory]
        [MemberData(nameof(UnsafeCases))]
        public void Each_unsafe_character_in_a_quoted_value_is_refused_first_middle_and_last(char c, string escape, bool raw, string name)
        {
            // Every position is checked on TextRules directly (above); through the compiler: first, middle, last.
            foreach (var at in new[] { 0, 2, 4 })
            {
                var forms = raw ? new[] { escape, c.ToString() } : new[] { escape };
                foreach (var form in forms)
                {
                    var quoted = "\"Main\"".Insert(at + 1, form);
                    var f = AssertSingle(Yaml.Head + "    name: " + quoted + "\n", "AGS0501", 8, 11);
                    Assert.Equal($"Group name contains {name} at position {at + 1}" + Tail, f.Message);
                }
            }
        }

        [Theory]
        [MemberData(nameof(UnsafeCases))]
        public void Each_unsafe_character_in_a_container_path_is_refused_first_middle_and_last(char c, string escape, bool raw, string name)
        {
            _ = (c, raw);
            foreach (var at in new[] { 0, 2, 5 })
            {
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "\"" + "notes".Insert(at, escape) + "\"")), "AGS0501", 10, 24);
                Assert.Equal($"containerPath contains {name} at position {at + 1}" + Tail, f.Message);
            }
        }

        [Theory]
        [MemberData(nameof(UnsafeCases))]
        public void Each_unsafe_character_in_a_host_path_or_env_value_is_refused(char c, string escape, bool raw, string name)
        {
            _ = (c, raw);
            foreach (var at in new[] { 0, 7 })
            {
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("\"" + "~/notes".Insert(at, escape) + "\"", "x")), "AGS0501", 9, 19);
                Assert.Equal($"hostPath contains {name} at position {at + 1}" + Tail, f.Message);
                var e = AssertSingle(Yaml.Head + "    env:\n      MODE: \"" + "quiet".Insert(Math.Min(at, 5), escape) + "\"\n", "AGS0501", 9, 13);
                Assert.Equal($"Environment variable 'MODE' contains {name} at position {Math.Min(at, 5) + 1}" + Tail, e.Message);
            }
        }

        [Fact]
        public void Only_the_first_unsafe_character_is_reported() =>
            Assert.Equal(
                "Group name contains a bidirectional control character (U+202E) at position 2" + Tail,
                AssertSingle(Yaml.Head + "    name: \"M\\u202Ea\\x7Fin\"\n", "AGS0501", 8, 11).Message);

        /// <summary>':' is Docker's mount option separator: refused at every position of a container path, the first included.</summary>
        [Fact]
        public void A_colon_at_every_position_of_a_container_path_is_refused()
        {
            for (var at = 0; at <= 5; at++)
            {
                var value = "notes".Insert(at, ":");
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "'" + value + "'")), "AGS0203", 10, 24);
                Assert.Equal($"containerPath '{value}' contains ':', which Docker reads as a mount option separator; remove the ':' (use readonly: for the mode)", f.Message);
            }

            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "':'")), "AGS0203", 10, 24);
        }

        [Fact]
        public void A_backslash_at_every_position_of_a_container_path_is_refused_with_the_slash_form()
        {
            for (var at = 0; at <= 5; at++)
            {
                var value = "no/tes".Insert(at, "\\");
                var hint = value.Replace('\\', '/').Trim('/');
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "'" + value + "'")), "AGS0208", 10, 24);
                Assert.Equal($"containerPath '{value}' contains '\\'; container paths use '/' separators, e.g. '{hint}'", f.Message);
            }
        }

        [Fact]
        public void A_colon_at_every_position_of_a_host_path_is_refused()
        {
            // Position 0 makes the path relative, which is reported first.
            Assert.Equal("hostPath ':/srv/data' is relative; write an absolute path (/srv/data) or a path in your home (~/projects/webapp)",
                AssertSingle(Yaml.WithMounts(Yaml.Mount("':/srv/data'", "x")), "AGS0301", 9, 19).Message);
            for (var at = 1; at <= 9; at++)
            {
                var value = "/srv/data".Insert(at, ":");
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("'" + value + "'", "x")), "AGS0307", 9, 19);
                Assert.Equal($"hostPath '{value}' contains ':', which Docker reads as a mount option separator; rename the folder or mount its parent", f.Message);
            }
        }

        [Fact]
        public void A_backslash_at_every_position_of_a_host_path_is_refused()
        {
            for (var at = 0; at <= 9; at++)
            {
                var value = "/srv/data".Insert(at, "\\");
                var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("'" + value + "'", "x")), "AGS0305", 9, 19);
                Assert.Equal($"hostPath '{value}' is a Windows path; containers run on a Linux host here, write a POSIX path such as /srv/data or ~/data", f.Message);
            }
        }

        [Theory]
        [InlineData("C:")]
        [InlineData("c:/x")]
        [InlineData("Z:\\x")]
        [InlineData("\\\\host\\share")]
        public void Drive_letters_and_unc_paths_are_windows_paths(string value) =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount("'" + value + "'", "x")), "AGS0305", 9, 19);

        [Theory]
        [InlineData("1:/x", "AGS0301")]
        [InlineData("/C:", "AGS0307")]
        [InlineData("~C:", "AGS0304")]
        public void A_colon_after_a_non_letter_is_not_a_drive(string value, string id) =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount("'" + value + "'", "x")), id, 9, 19);
    }
}
