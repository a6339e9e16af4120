namespace UnityVideo.Web;

/// <summary>One estimation or generation the page asked for, run in the background and polled by the page.</summary>
public sealed class Job
{
    private readonly Lock gate = new();

    /// <summary>Creates a job with its id and folder.</summary>
    public Job(string id, string kind, string folder)
    {
        Id = id;
        Kind = kind;
        Folder = folder;
    }

    /// <summary>Random id; also the name of its folder.</summary>
    public string Id { get; }

    /// <summary>"estimate" or "generate".</summary>
    public string Kind { get; }

    /// <summary>The job's folder inside the work folder.</summary>
    public string Folder { get; }

    /// <summary>queued, running, done or failed.</summary>
    public string State { get; private set; } = "queued";

    /// <summary>What is being done now.</summary>
    public string Stage { get; private set; } = "waiting";

    /// <summary>Solver steps done and planned over the whole job.</summary>
    public (int Done, int Total) Progress { get; private set; }

    /// <summary>The error message of a failed job.</summary>
    public string? Error { get; private set; }

    private DateTimeOffset? finishedAt;

    /// <summary>When the job finished or failed; null while it is queued or running.</summary>
    public DateTimeOffset? FinishedAt
    {
        get { lock (gate) return finishedAt; } // read by the expiry sweep while the worker writes it
    }

    /// <summary>Output videos by label (e.g. "input", "depth"), as file names in the job's folder.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; private set; } = new Dictionary<string, string>();

    /// <summary>Records progress.</summary>
    public void Report(string stage, int done, int total)
    {
        lock (gate) (State, Stage, Progress) = ("running", stage, (done, total));
    }

    /// <summary>Marks the job done with its outputs.</summary>
    public void Finish(IReadOnlyDictionary<string, string> outputs)
    {
        lock (gate) (State, Stage, Outputs, Progress, finishedAt) = ("done", "done", outputs, (Progress.Total, Progress.Total), DateTimeOffset.UtcNow);
    }

    /// <summary>Marks the job failed.</summary>
    public void Fail(string error)
    {
        lock (gate) (State, Stage, Error, finishedAt) = ("failed", "failed", error, DateTimeOffset.UtcNow);
    }

    /// <summary>The state the page polls; <paramref name="queuePosition"/> is 1 for the next job to run, 0 once it runs.</summary>
    public object Snapshot(int queuePosition = 0)
    {
        lock (gate)
            return new
            {
                id = Id, kind = Kind, state = State, error = Error, queuePosition,
                stage = State == "queued" && queuePosition > 0 ? $"queued: {Ordinal(queuePosition)} in line (one job runs at a time)" : Stage,
                done = Progress.Done, total = Progress.Total,
                outputs = Outputs.ToDictionary(p => p.Key, p => $"/files/{Id}/{p.Value}"),
            };
    }

    private static string Ordinal(int n) => n == 1 ? "next" : $"number {n}";
}
