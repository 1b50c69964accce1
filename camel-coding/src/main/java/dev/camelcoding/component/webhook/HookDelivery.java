package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One verified, parsed Service Hook delivery.
 *
 * @param event      the event name (from the body's {@code event} first, then the headers)
 * @param deliveryId {@code X-Coding-Delivery}, or a hash of the body when CODING sent none
 * @param hookId     {@code X-Coding-Service-Hook-Id} or the body's {@code hook_id}, when known
 * @param body       the JSON payload
 */
public record HookDelivery(String event, String deliveryId, String hookId, JsonNode body) {}
