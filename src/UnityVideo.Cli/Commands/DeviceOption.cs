using System.CommandLine;

namespace UnityVideo.Cli.Commands;

/// <summary>--device of every verb that runs the model (train, ablate, demo, bench, estimate, generate, eval): one option,
/// one configuration key (Runtime:Device), so the verbs cannot drift apart.</summary>
internal static class DeviceOption
{
    public static Option<string?> Create(string? scope = null) => new("--device")
    {
        Description = $"cpu, cuda, cuda:N or auto: where the model runs (Runtime:Device){(scope is null ? "" : $"; {scope}")}.",
        HelpName = "DEVICE",
    };

    /// <summary>The configuration key --device sets, for <see cref="GlobalOptions.Sources"/>.</summary>
    public static IEnumerable<(string Option, string Override)> Override(ParseResult parse, Option<string?> device)
    {
        if (parse.GetValue(device) is { } d) yield return (device.Name, $"Runtime:Device={d}");
    }
}
