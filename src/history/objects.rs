//! The objects a commit walk reaches: trees and blobs with the path each was first reached by.
