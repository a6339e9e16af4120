using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host;
using UnityVideo.Host.Configuration;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo config show|validate</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var sources = new Option<bool>("--sources") { Description = "List every key with its value and the layer that set it." };
        var show = new Command("show", "Print the resolved configuration (defaults → appsettings.json → --config → UNITYVIDEO__* → --set).") { sources };
        show.SetAction(parse => CliErrors.Run(() =>
        {
            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var startup = services.GetRequiredService<UnityVideoStartup>();
            if (parse.GetValue(sources))
            {
                foreach (var (key, value, source) in startup.Configuration.Entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
                    Console.WriteLine($"{key} = {value}    [{source}]");
            }
            else
            {
                Console.WriteLine(startup.ResolvedConfigurationJson());
            }
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));

        var validate = new Command("validate", "Check the configuration and the plugins it needs; list every problem with its key.");
        validate.SetAction(parse => CliErrors.Run(() =>
        {
            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var startup = services.GetRequiredService<UnityVideoStartup>();
            foreach (var w in startup.Catalog.Warnings) Console.Error.WriteLine($"warning: {w}");
            Console.WriteLine($"configuration is valid: preset '{startup.Settings.Model.Preset}', modalities {string.Join(", ", startup.Modalities.Names)}, device {startup.Settings.Runtime.Device}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));

        return new Command("config", "Show or validate the layered experiment configuration.") { show, validate };
    }
}
