using System.CommandLine;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec gateway-image [--binary FILE] [--tag TAG]: makes the egress gateway's image on the engine from AgentSpec's own
/// NativeAOT executable (this one, or --binary / $AGENTSPEC_CLI_BINARY) and the shared libraries it loads; nothing is pulled.
/// </summary>
internal static class GatewayImageCommand
{
    public static Command Create(CliContext context)
    {
        var binary = new Option<string?>("--binary")
        {
            Description = $"The NativeAOT agentspec executable to put in the image (default: this one when it is NativeAOT, else "
                + $"${GatewayImage.BinaryVariable}).",
        };
        var tag = new Option<string>("--tag")
        {
            Description = $"The image to make (default: {GatewayImage.DefaultTag}, what runs of groups with egress use).",
            DefaultValueFactory = _ => GatewayImage.DefaultTag,
        };
        var command = new Command(
            "gateway-image",
            "Make the image of AgentSpec's egress gateway from AgentSpec's own NativeAOT executable and the shared libraries it loads "
            + "(imported through the engine API, as docker import does; nothing is pulled). Runs of groups with egress start it.")
        {
            binary, tag,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = GatewayImage.FindExecutable(parse.GetValue(binary) is { Length: > 0 } b ? context.FullPath(b) : null, context.Environment);
            if (path is null)
            {
                throw new CliException($"this agentspec is not the NativeAOT executable, so it cannot put itself in the image; "
                    + $"{GatewayImage.HowToMake(parse.GetValue(tag)!)}",
                    ExitCodes.Usage);
            }

            var image = parse.GetValue(tag)!;
            if (Core.Checks.ImageReference.Refusal(image) is { } refusal)
            {
                throw new CliException($"--tag: {refusal}", ExitCodes.Usage);
            }

            using var docker = context.Launcher(context.DefaultDataRoot);
            await RuntimeGuard.LaunchAsync(async () =>
            {
                await docker.ImportGatewayImageAsync(path, image, cancellationToken);
                return 0;
            });
            context.Out.WriteLine($"made {image} from {path} (sha256 {GatewayImage.Sha256(path)})");
            return ExitCodes.Success;
        });
        return command;
    }
}
