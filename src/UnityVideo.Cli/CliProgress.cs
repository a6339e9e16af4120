using Spectre.Console;

namespace UnityVideo.Cli;

/// <summary>
/// Progress for long work: a live bar on an interactive terminal, plain "label: n/total" lines (about every
/// 10 %) when output is redirected or running under CI, so logs stay readable.
/// </summary>
internal static class CliProgress
{
    public static bool Interactive =>
        !Console.IsErrorRedirected && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Runs <paramref name="work"/>, which reports completed units out of <paramref name="total"/>.</summary>
    public static T Run<T>(string label, int total, Func<IProgress<int>, T> work)
    {
        if (!Interactive)
        {
            var lastDecile = -1;
            var reporter = new SynchronousProgress(done =>
            {
                var decile = total == 0 ? 10 : done * 10 / total;
                if (decile == lastDecile) return;
                lastDecile = decile;
                Console.Error.WriteLine($"{label}: {done}/{total}");
            });
            return work(reporter);
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));
                result = work(new SynchronousProgress(done => task.Value = done));
            });
        return result;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        private readonly Lock gate = new();

        public void Report(int value)
        {
            lock (gate) report(value);
        }
    }
}
