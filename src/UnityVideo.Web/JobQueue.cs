using System.Threading.Channels;

namespace UnityVideo.Web;

/// <summary>
/// Runs the page's model jobs one at a time, in the order they were asked for, on one background worker: a request only
/// enqueues its job and answers at once, and a waiting job knows its place in line. One at a time because every job
/// needs the whole model (and the machine's cores); running them side by side would only make each slower.
/// </summary>
public sealed class JobQueue : IAsyncDisposable
{
    private readonly Channel<(Job Job, Func<CancellationToken, Task<Dictionary<string, string>>> Work)> channel =
        Channel.CreateUnbounded<(Job, Func<CancellationToken, Task<Dictionary<string, string>>>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Job> waiting = [];
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<Exception, string> describe;
    private readonly Action<Job> finished;
    private readonly Task worker;

    /// <summary>Starts the worker.</summary>
    /// <param name="describe">The message a failed job shows for an exception.</param>
    /// <param name="finished">Called after each job ends (done or failed), on the worker.</param>
    public JobQueue(Func<Exception, string> describe, Action<Job> finished)
    {
        (this.describe, this.finished) = (describe, finished);
        worker = Task.Run(WorkAsync);
    }

    /// <summary>Puts <paramref name="job"/> at the end of the line.</summary>
    public void Enqueue(Job job, Func<CancellationToken, Task<Dictionary<string, string>>> work)
    {
        lock (gate) waiting.Add(job);
        if (!channel.Writer.TryWrite((job, work))) throw new InvalidOperationException("the server is stopping.");
    }

    /// <summary>1 for the next job to run, 2 for the one after, …; 0 for a job that is running or not waiting.</summary>
    public int PositionOf(Job job)
    {
        lock (gate) return waiting.IndexOf(job) + 1;
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var (job, work) in channel.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                lock (gate) waiting.Remove(job);
                try
                {
                    job.Report("starting", 0, 0);
                    job.Finish(await work(stopping.Token).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    job.Fail("the server stopped before the job finished.");
                    return;
                }
                catch (Exception e)
                {
                    job.Fail(describe(e));
                }
                finished(job);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the jobs still waiting are dropped with the server.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        await worker.ConfigureAwait(false);
        stopping.Dispose();
    }
}
