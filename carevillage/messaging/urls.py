from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.my_threads, name="my_threads"),
    path("messages/new/", views.new_thread, name="new_thread"),
    path("messages/<int:thread_id>/", views.thread_page, name="thread"),
    path("messages/<int:thread_id>/manage/", views.manage_thread, name="manage_thread"),
    path(
        "messages/<int:thread_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("staff/messages/", views.team_inbox, name="team_inbox"),
    path("staff/consultations/", views.consultations, name="consultations"),
    path("staff/chat-queue/", views.chat_queue, name="chat_queue"),
    path("chat/resume/", views.chat_resume, name="chat_resume"),
    path("chat/conversation/", views.chat_conversation, name="chat_conversation"),
    path("chat/link/", views.chat_link, name="chat_link"),
    path("chat/<slug:slug>/", views.chat_start, name="chat_start"),
]
