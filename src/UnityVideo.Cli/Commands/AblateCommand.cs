using System.CommandLine;
using UnityVideo.Core;
using UnityVideo.Host.Ablation;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo ablate --table 2|3|4|NAME [--seeds N] [--steps N] [--curve-every N] [--out DIR]</c> and <c>ablate --probe zero-shot</c>:
/// the paper's ablations on the synthetic world. Thin: <see cref="AblationRunner"/> does the work.
/// </summary>
internal static class AblateCommand
{
    public static Command Create()
    {
        var table = new Option<string?>("--table")
        {
            Description = "Table to run: 2 (modalities), 3 (tasks), 4 (architecture), or any table an experiment file defines under Ablation:Tables.",
            HelpName = "NAME",
        };
        var probe = new Option<string?>("--probe") { Description = "Run a probe instead of a table: zero-shot (quadruped skeletons, a held-out segmentation class).", HelpName = "NAME" };
        var seeds = new Option<int?>("--seeds") { Description = "Seeds per arm (default Ablation:Seeds, 3); the table reports mean ± standard deviation.", HelpName = "N" };
        var steps = new Option<int?>("--steps") { Description = "Training steps per arm and seed, the same for every arm (default Ablation:Steps).", HelpName = "N" };
        var outDir = new Option<string>("--out")
        {
            Description = "Study folder: data/, runs/ (reused by later tables and reruns), table-NAME/table.md|json.",
            DefaultValueFactory = _ => "runs/ablate", HelpName = "DIR",
        };
        var curveEvery = new Option<int?>("--curve-every")
        {
            Description = "Also measure every arm's checkpoint each N steps and write the metrics against the step (table-NAME/curve-*.png and a section of table.md).",
            HelpName = "N",
        };
        var device = DeviceOption.Create();
        var ablate = new Command("ablate",
            "Train every arm of an ablation table for the same steps on the same synthetic clips and seeds, measure each on held-out clips, and write table.md / table.json.")
        {
            table, probe, seeds, steps, curveEvery, outDir, device,
        };
        ablate.SetAction(parse => CliErrors.Run(() =>
        {
            var name = (parse.GetValue(table), parse.GetValue(probe)) switch
            {
                (null, null) => throw new CliUsageException("choose a table (--table 2|3|4|NAME) or a probe (--probe zero-shot)."),
                ({ } t, null) => t,
                (null, { } p) when p == AblationRunner.ZeroShot => p,
                (null, { } p) => throw new CliUsageException($"unknown probe '{p}' (available: {AblationRunner.ZeroShot})."),
                _ => throw new CliUsageException("give either --table or --probe, not both."),
            };
            if (parse.GetValue(seeds) is < 1) throw new CliUsageException($"--seeds must be at least 1 (got {parse.GetValue(seeds)}).");
            if (parse.GetValue(steps) is < 1) throw new CliUsageException($"--steps must be at least 1 (got {parse.GetValue(steps)}).");
            if (parse.GetValue(curveEvery) is < 1) throw new CliUsageException($"--curve-every must be at least 1 (got {parse.GetValue(curveEvery)}).");
            var sources = GlobalOptions.Sources(parse, [.. DeviceOption.Override(parse, device)]);
            var request = new AblationRequest
            {
                Table = name, OutputDirectory = parse.GetValue(outDir)!, Seeds = parse.GetValue(seeds), Steps = parse.GetValue(steps),
                CurveEvery = parse.GetValue(curveEvery),
            };

            // Ctrl+C / SIGTERM: stop after the current step; finished runs stay and a rerun reuses them.
            using var cts = new SignalCancellation("stopping the ablation after the current step (finished runs are kept; send it again to quit at once)");
            var started = DateTime.Now;
            var result = AblationRunner.Run(sources, request,
                new InlineProgress<AblationProgress>(p => Console.WriteLine($"[{(DateTime.Now - started):hh\\:mm\\:ss}] {p.Stage,-8} {p.Message}")), cts.Token);
            Console.WriteLine();
            Console.WriteLine(result.Table.ToMarkdown());
            Console.WriteLine($"table: {result.MarkdownPath}");
            Console.WriteLine($"json:  {result.JsonPath}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return ablate;
    }
}
