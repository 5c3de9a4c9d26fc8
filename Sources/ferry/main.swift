import FerryCLI

#if os(Linux)
import CGlibcMalloc

// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which the transfer
// buffers a long run allocates and frees come from the heap instead and stay there, fragmented: peak RSS then
// grows with the run's length. A fixed threshold serves them from mmap and hands them back when freed.
_ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
#endif

await Ferry.main()
