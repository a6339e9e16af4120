using UnityVideo.Core;
using System.Globalization;
using Spectre.Console;
using UnityVideo.Core.Training;

namespace UnityVideo.Cli;

/// <summary>
/// Training progress: on a terminal a live bar (steps, loss, steps/s, ETA) with notes printed when it ends; in
/// CI or when redirected, plain lines — every note at once and a step line about every 5 % of the run.
/// </summary>
internal static class TrainProgress
{
    public static TrainingResult Run(Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        if (!CliProgress.Interactive) return train(new InlineProgress<TrainingProgress>(PlainLine));

        var notes = new List<string>();
        TrainingResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1);
                result = train(new InlineProgress<TrainingProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    if (p.Note is not null) notes.Add(p.Note);
                    else task.Description = Markup.Escape(Describe(p));
                }));
            });
        foreach (var n in notes) Console.Error.WriteLine(n);
        return result;
    }

    private static void PlainLine(TrainingProgress p)
    {
        if (p.Note is not null)
        {
            Console.Error.WriteLine(p.Note);
            return;
        }
        var every = Math.Max(1, p.TotalSteps / 20);
        if (p.Step == 1 || p.Step % every == 0 || p.Step == p.TotalSteps) Console.Error.WriteLine(Describe(p));
    }

    private static string Describe(TrainingProgress p)
    {
        var m = p.Metric!;
        var eta = p.Remaining is { } r && r < TimeSpan.FromDays(100) ? r.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} [{m.Stage}] {m.Task} {m.Modality} loss {m.Loss:0.0000} lr {m.LearningRate:0.0e+0} grad {m.GradNorm:0.00} {p.StepsPerSecond:0.00} steps/s ETA {eta}");
    }

}
