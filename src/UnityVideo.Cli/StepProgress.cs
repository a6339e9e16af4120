using UnityVideo.Host.Inference;

namespace UnityVideo.Cli;

/// <summary>Passes sampler progress on synchronously (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
internal sealed class StepProgress(Action<InferenceProgress> report) : IProgress<InferenceProgress>
{
    public void Report(InferenceProgress value) => report(value);
}
