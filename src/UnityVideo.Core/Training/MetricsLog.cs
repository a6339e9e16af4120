using System.Text;
using System.Text.Json;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Training;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per step, appended and flushed as the step completes. On resume the
/// file is cut back to the checkpoint's step (a killed run may have logged steps past its last checkpoint, and
/// its last line may be partial), so the log always describes exactly the steps that produced the weights.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly List<TrainingMetric> records;
    private StreamWriter writer;

    private MetricsLog(string path, List<TrainingMetric> records)
    {
        Path = path;
        this.records = records;
        writer = OpenForAppend(path);
    }

    private static StreamWriter OpenForAppend(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every record of the run so far (kept ones from before a resume included).</summary>
    public IReadOnlyList<TrainingMetric> Records => records;

    /// <summary>Starts a new log (an existing file is replaced).</summary>
    public static MetricsLog Create(string path)
    {
        AtomicFile.WriteAllText(path, "");
        return new MetricsLog(path, []);
    }

    /// <summary>Continues a log after step <paramref name="step"/>: later and unreadable lines are dropped.</summary>
    public static MetricsLog Resume(string path, int step)
    {
        var kept = new List<TrainingMetric>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                TrainingMetric? m = null;
                try
                {
                    m = JsonSerializer.Deserialize<TrainingMetric>(line);
                }
                catch (JsonException)
                {
                    // A line cut short by a kill; the steps it described are redone.
                }
                if (m is not null && m.Step <= step) kept.Add(m);
            }
        }
        Rewrite(path, kept);
        return new MetricsLog(path, kept);
    }

    /// <summary>Drops the records after step <paramref name="step"/> (the run went back to a checkpoint of that step).</summary>
    public void RewindTo(int step)
    {
        writer.Dispose();
        records.RemoveAll(m => m.Step > step);
        Rewrite(Path, records);
        writer = OpenForAppend(Path);
    }

    private static void Rewrite(string path, IEnumerable<TrainingMetric> records) =>
        AtomicFile.WriteAllText(path, string.Concat(records.Select(m => JsonSerializer.Serialize(m) + "\n")));

    /// <summary>Appends one record and flushes it.</summary>
    public void Append(TrainingMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        records.Add(metric);
        writer.Write(JsonSerializer.Serialize(metric));
        writer.Write('\n');
        writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();
}
