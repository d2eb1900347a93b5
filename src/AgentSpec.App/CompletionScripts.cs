namespace AgentSpec.App;

/// <summary>
/// The shell scripts <c>agentspec completion SHELL</c> prints. Each asks the program itself what fits at the cursor
/// (System.CommandLine's <c>[suggest:POSITION]</c> directive, given the line so far), so commands, options and the
/// compiled group ids complete from the binary the shell runs, never from a list that could go stale.
/// </summary>
internal static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static string For(string shell, string program)
    {
        var function = "_" + new string(program.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()) + "_complete";
        return shell switch
        {
            "bash" => $$"""
                # bash completion for {{program}}: eval "$({{program}} completion bash)" in ~/.bashrc
                {{function}}() {
                  local IFS=$'\n'
                  local line="${COMP_LINE:0:COMP_POINT}"
                  COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
                }
                complete -o default -F {{function}} {{program}}

                """,
            "zsh" => $$"""
                # zsh completion for {{program}}: eval "$({{program}} completion zsh)" in ~/.zshrc (after compinit)
                {{function}}() {
                  local line="${BUFFER[1,CURSOR]}"
                  local -a items
                  items=("${(@f)$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)}")
                  compadd -- ${items:#}
                }
                compdef {{function}} {{program}}

                """,
            "fish" => $$"""
                # fish completion for {{program}}: {{program}} completion fish > ~/.config/fish/completions/{{program}}.fish
                complete -c {{program}} -f -a '({{program}} "[suggest:"(string length -- (commandline -cp))"]" (commandline -cp) 2>/dev/null)'

                """,
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "one of " + string.Join(", ", Shells)),
        };
    }
}
