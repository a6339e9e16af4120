using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Gradient handles a <see cref="WanBlockCheckpoint"/> handed to the autograd engine, released once the engine holds
/// its own references (at the next block's backward, or at the model's next forward pass). One per model.
/// </summary>
internal sealed class PendingHandles
{
    private readonly Lock gate = new();
    private readonly List<Tensor> handles = [];

    public void Add(IEnumerable<Tensor> tensors)
    {
        lock (gate) handles.AddRange(tensors);
    }

    public void Release()
    {
        lock (gate)
        {
            foreach (var t in handles) t.Dispose();
            handles.Clear();
        }
    }
}
