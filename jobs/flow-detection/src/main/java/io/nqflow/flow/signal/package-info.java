/** Building signals the same way in every detector, deduplicating them, and their JSON lines. */
package io.nqflow.flow.signal;
